import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"
import { resolve } from "node:path"
import {
  type ExchangeStandIn,
  type StandInAccount,
  startExchangeStandIn
} from "@trading-app/exchange-standin"
import { Duration, Option } from "effect"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { TEST_SECRETS_KEYS } from "../../src/AppConfig.js"
import { makeClient, randomClientIp } from "../support/client.js"
import * as testDb from "../support/databases.js"
import { engineTesting, GRID } from "../support/engine.js"
import { uniqueSymbol, usePipeline } from "../support/pipeline.js"
import { type Call, firstPortfolioOf, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"
import { until } from "../support/until.js"

const pipeline = usePipeline()
let standIn: ExchangeStandIn
let server: TestServer
let call: Call

const account: StandInAccount = {
  apiKey: `key-engine-${Math.random().toString(36).slice(2, 10)}`,
  secret: `secret-engine-${Math.random().toString(36).slice(2, 14)}`,
  balances: { USDT: "100000", BTC: "0" }
}

const killAccount: StandInAccount = {
  apiKey: `key-kill-${Math.random().toString(36).slice(2, 10)}`,
  secret: `secret-kill-${Math.random().toString(36).slice(2, 14)}`,
  balances: { USDT: "100000" }
}
let child: ChildProcess | undefined

beforeAll(async () => {
  standIn = await startExchangeStandIn({ accounts: [account, killAccount] })
  server = await startTestServer({
    exchanges: {
      timeout: Duration.seconds(1),
      binanceUrl: Option.some(standIn.url),
      signalMaxLag: Duration.seconds(120),
      // This file's server alone trades on the stand-in: the others keep off testnet groups.
      access: true
    }
  })
  call = makeClient(server.baseUrl, randomClientIp())
})
afterAll(async () => {
  child?.kill("SIGKILL")
  await server.close()
  await standIn.close()
})

const placingRequests = () => standIn.requests().filter((r) => r === "POST /api/v3/order").length

const { groupWhen } = engineTesting(
  { call: (...args) => call(...args), baseUrl: () => server.baseUrl },
  pipeline
)

const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })

/** The app as its own process (`src/main.ts`) on the test database, trading on the stand-in. */
const startApp = async (port: number) => {
  const app = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      DATABASE_URL: testDb.databaseUrl,
      JWT_SECRET: inject("jwtSecret"),
      // The tests' master key, so that the test's own server opens what this one sealed.
      SECRETS_KEYS: TEST_SECRETS_KEYS,
      EXCHANGE_BINANCE_URL: standIn.url,
      // Long enough for the kill to come while the placement waits.
      EXCHANGE_TIMEOUT_SECONDS: "30",
      PORT: String(port),
      METRICS_PORT: "0",
      JOB_WORKERS: "false",
      LOG_FORMAT: "json"
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  app.stdout?.on("data", (c: Buffer) => (output += c.toString()))
  app.stderr?.on("data", (c: Buffer) => (output += c.toString()))
  try {
    await until(
      "the app process",
      () =>
        fetch(`http://127.0.0.1:${port}/api/health/ready`)
          .then((r) => r.ok || undefined)
          .catch(() => undefined),
      60_000
    )
  } catch (e) {
    app.kill("SIGKILL")
    throw new Error(`${(e as Error).message}: ${output.slice(-2000)}`)
  }
  return app
}

/**
 * Through the app at `via`: a trader with a testnet connection (the stand-in account), a bot
 * trading BTC/USDT on a fresh instrument at 60000 with a grid of 600 and `safetyOrders` of 300
 * at 1%, take-profit 1%, and a TradingView hook.
 */
const testnetBot = async (via: Call, keys: StandInAccount, safetyOrders: number) => {
  const trader = await signUp(via, "testnet")
  const symbol = uniqueSymbol("TN")
  await pipeline.instrument(symbol)
  await pipeline.trade(symbol, new Date(Date.now() - 1000).toISOString(), "60000")
  const connection = await via("POST", "/api/connections", {
    token: trader.token,
    body: {
      name: "Testnet",
      exchange: "binance",
      mode: "testnet",
      apiKey: keys.apiKey,
      apiSecret: keys.secret
    }
  })
  expect(connection.status).toBe(201)
  const bot = await via("POST", "/api/bots", {
    token: trader.token,
    body: {
      name: "BTC grid",
      connectionId: connection.body.id,
      portfolioId: await firstPortfolioOf(via, trader),
      symbol,
      exchangeSymbol: "BTC/USDT",
      settings: {
        grid: {
          ...GRID,
          baseOrder: "600",
          safetyOrder: "300",
          maxSafetyOrders: safetyOrders,
          stepScale: "1",
          volumeScale: "1"
        },
        takeProfit: "aggregate"
      }
    }
  })
  expect(bot.status, JSON.stringify(bot.body)).toBe(201)
  const hook = (await via("POST", "/api/hooks/tradingview/rotate", { token: trader.token })).body
  return { trader, bot, hook, symbol }
}

describe("the execution engine on a testnet exchange (through ccxt, on the stand-in)", () => {
  it("places the grid by client order id, reads fills and fees, takes profit, and never places an order twice when an answer is lost", async () => {
    const { trader, bot, hook, symbol } = await testnetBot(call, account, 1)

    // The base order is carried out, but its answer is lost: the next step places it again,
    // the exchange says it has it, and its fill is read from it.
    standIn.setPrice("BTCUSDT", 60000)
    standIn.script([{ lost: true, route: "POST /api/v3/order" }])
    const sent = await fetch(`${server.baseUrl}${hook.path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        secret: hook.secret,
        bot: bot.body.id,
        ticker: "BINANCE:BTCUSDT",
        action: "buy",
        time: new Date().toISOString(),
        id: "testnet-entry"
      })
    })
    expect(sent.status).toBe(202)
    const signal = await until("the entry acted on", async () => {
      const { body } = await call("GET", "/api/hooks/signals", { token: trader.token })
      return body.items[0]?.state === "done" ? body.items[0] : undefined
    })
    // 600 at market buys 0.01 at 60000; the fee, 0.00001 BTC, leaves 0.00999 held (at
    // 60060.0600600601 each). The safety order waits at 59400, the take-profit 1% above.
    let group = await groupWhen(
      trader,
      signal.groupId,
      "the base filled, the take-profit placed",
      (g) => g.orders.some((o: any) => o.role === "take_profit" && o.status === "open")
    )
    expect(group).toMatchObject({
      state: "live",
      quantity: "0.00999",
      averagePrice: "60060.0600600601"
    })
    const base = group.orders.find((o: any) => o.role === "base")
    expect(base).toMatchObject({ status: "filled", filledQuantity: "0.00999", fee: "0" })
    expect(base.exchangeOrderId).toMatch(/^\d+$/)
    // Placed twice (the first answer lost), at the exchange once.
    const placed = standIn.orders(account.apiKey)
    expect(placed.filter((o) => o.clientOrderId === base.clientOrderId)).toHaveLength(1)
    expect(placingRequests()).toBeGreaterThan(group.orders.length)

    // Down to 59000: the safety order (0.005050505, cut to the market's step: 0.00505) fills at
    // its limit of 59400, 0.00504495 held after its fee; the take-profit moves to 1% above the
    // average, 899.97 / 0.01503495 = 59858.5296259715.
    standIn.setPrice("BTCUSDT", 59000)
    group = await groupWhen(
      trader,
      group.id,
      "the safety order filled, the take-profit moved",
      (g) =>
        g.orders.some(
          (o: any) => o.role === "take_profit" && o.status === "open" && o.quantity === "0.01503495"
        )
    )
    expect(group.averagePrice).toBe("59858.5296259715")
    const safety = group.orders.find((o: any) => o.role === "safety")
    expect(safety).toMatchObject({ status: "filled", filledQuantity: "0.00504495", fee: "0" })

    // Up to 61000: the take-profit sells it all at its limit; the group closes.
    standIn.setPrice("BTCUSDT", 61000)
    group = await groupWhen(
      trader,
      group.id,
      "closed by the take-profit",
      (g) => g.state === "closed"
    )
    expect(group.closeReason).toBe("Take-profit filled")
    const activities = (
      await call("GET", `/api/transactions?sort=date&order=asc&symbol=${symbol}`, {
        token: trader.token
      })
    ).body.items.map((a: any) => [a.type, a.quantity, a.price])
    expect(activities.map(([type, quantity]: Array<string>) => [type, quantity])).toEqual([
      ["buy", "0.00999"],
      ["buy", "0.00504495"],
      // 0.01503 sold at the exchange: the dust of the cut is counted with it.
      ["sell", "0.01503495"]
    ])
    // Every order the group has was placed once at the exchange, under its client order id.
    const ids = group.orders.map((o: any) => o.clientOrderId)
    const atExchange = standIn.orders(account.apiKey).map((o) => o.clientOrderId)
    expect(atExchange.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort())
  }, 150_000)

  it("leaves the order to the next process, which finds it at the exchange instead of placing it again", async () => {
    const port = await freePort()
    child = await startApp(port)
    const childCall: Call = makeClient(`http://127.0.0.1:${port}`, randomClientIp())
    const { trader, bot, hook } = await testnetBot(childCall, killAccount, 0)

    // The exchange carries out the base order; its answer never comes, and the process that
    // placed it is killed while it waits.
    standIn.setPrice("BTCUSDT", 60000)
    standIn.script([{ lost: true, route: "POST /api/v3/order" }])
    const before = placingRequests()
    const sent = await fetch(`http://127.0.0.1:${port}${hook.path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        secret: hook.secret,
        bot: bot.body.id,
        ticker: "BTCUSDT",
        action: "buy",
        time: new Date().toISOString(),
        id: "kill-entry"
      })
    })
    expect(sent.status).toBe(202)
    await until("the placement under way", async () =>
      placingRequests() > before ? true : undefined
    )
    child.kill("SIGKILL")
    await new Promise((done) => child?.once("exit", done))
    child = undefined
    expect(standIn.orders(killAccount.apiKey)).toHaveLength(1)

    // Another process (this file's server) takes the group once the dead one's lease ends
    // (ended here at once).
    const [group] = await server.ownerQuery(
      (sql) => sql<{ id: string }>`UPDATE app_data.position_groups SET busy_until = now()
        WHERE user_id = ${trader.userId} RETURNING id`
    )
    const live = await groupWhen(trader, group?.id ?? "", "the base read from the exchange", (g) =>
      g.orders.some((o: any) => o.role === "base" && o.status === "filled")
    )
    const base = live.orders.find((o: any) => o.role === "base")
    expect(base).toMatchObject({
      filledQuantity: "0.00999",
      exchangeOrderId: expect.stringMatching(/^\d+$/)
    })
    // Placed twice, carried out once.
    expect(placingRequests()).toBeGreaterThanOrEqual(before + 2)
    expect(
      standIn.orders(killAccount.apiKey).filter((o) => o.clientOrderId === base.clientOrderId)
    ).toHaveLength(1)
  }, 120_000)
})
