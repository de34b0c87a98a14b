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
import { engineTesting } from "../support/engine.js"
import { uniqueSymbol, usePipeline } from "../support/pipeline.js"
import { type Call, firstPortfolioOf, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"
import { until } from "../support/until.js"

const pipeline = usePipeline()
let standIn: ExchangeStandIn
let child: ChildProcess | undefined
let server: TestServer | undefined

const account: StandInAccount = {
  apiKey: `key-kill-${Math.random().toString(36).slice(2, 10)}`,
  secret: `secret-kill-${Math.random().toString(36).slice(2, 14)}`,
  balances: { USDT: "100000" }
}

const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })

beforeAll(async () => {
  standIn = await startExchangeStandIn({ accounts: [account] })
})
afterAll(async () => {
  child?.kill("SIGKILL")
  await server?.close()
  await standIn.close()
})

/** The app as its own process (`src/main.ts`) on the test database, trading on the stand-in. */
const startApp = async (port: number) => {
  const app = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      DATABASE_URL: inject("databaseUrl"),
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

describe("a process killed while placing an order", () => {
  it("leaves the order to the next process, which finds it at the exchange instead of placing it again", async () => {
    const port = await freePort()
    child = await startApp(port)
    const call: Call = makeClient(`http://127.0.0.1:${port}`, randomClientIp())
    const trader = await signUp(call, "killed")
    const symbol = uniqueSymbol("KL")
    await pipeline.instrument(symbol)
    await pipeline.trade(symbol, new Date(Date.now() - 1000).toISOString(), "60000")
    const connection = await call("POST", "/api/connections", {
      token: trader.token,
      body: {
        name: "Testnet",
        exchange: "binance",
        mode: "testnet",
        apiKey: account.apiKey,
        apiSecret: account.secret
      }
    })
    expect(connection.status).toBe(201)
    const bot = await call("POST", "/api/bots", {
      token: trader.token,
      body: {
        name: "Killed",
        connectionId: connection.body.id,
        portfolioId: await firstPortfolioOf(call, trader),
        symbol,
        exchangeSymbol: "BTC/USDT",
        settings: {
          grid: {
            direction: "long",
            baseOrder: "600",
            safetyOrder: "300",
            maxSafetyOrders: 0,
            deviationPercent: "1",
            stepScale: "1",
            volumeScale: "1",
            takeProfitPercent: "1"
          },
          takeProfit: "aggregate"
        }
      }
    })
    expect(bot.status, JSON.stringify(bot.body)).toBe(201)
    const hook = (await call("POST", "/api/hooks/tradingview/rotate", { token: trader.token })).body

    // The exchange carries out the base order; its answer never comes, and the process that
    // placed it is killed while it waits.
    standIn.setPrice("BTCUSDT", 60000)
    standIn.script([{ lost: true, route: "POST /api/v3/order" }])
    const posts = () => standIn.requests().filter((r) => r === "POST /api/v3/order").length
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
    await until("the placement under way", async () => (posts() === 1 ? true : undefined))
    child.kill("SIGKILL")
    await new Promise((done) => child?.once("exit", done))
    child = undefined
    expect(standIn.orders(account.apiKey)).toHaveLength(1)

    // Another process takes the group once the dead one's lease ends (ended here at once).
    server = await startTestServer({
      exchanges: {
        timeout: Duration.seconds(2),
        binanceUrl: Option.some(standIn.url),
        signalMaxLag: Duration.seconds(120)
      }
    })
    const [group] = await server.ownerQuery(
      (sql) => sql<{ id: string }>`UPDATE app_data.position_groups SET busy_until = now()
        WHERE user_id = ${trader.userId} RETURNING id`
    )
    const { groupWhen } = engineTesting(
      { call: makeClient(server.baseUrl, randomClientIp()), baseUrl: () => server?.baseUrl ?? "" },
      pipeline
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
    expect(posts()).toBeGreaterThanOrEqual(2)
    expect(
      standIn.orders(account.apiKey).filter((o) => o.clientOrderId === base.clientOrderId)
    ).toHaveLength(1)
  }, 120_000)
})
