import {
  type ExchangeStandIn,
  type StandInAccount,
  startExchangeStandIn
} from "@trading-app/exchange-standin"
import { Duration, Effect, Layer, Option, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AppConfigTest } from "../../src/AppConfig.js"
import { SEALED_COLUMNS } from "../../src/Secrets/Rewrap.js"
import { SecretBox } from "../../src/Secrets/SecretBox.js"
import { makeClient, randomClientIp } from "../support/client.js"
import { uniqueSymbol, usePipeline } from "../support/pipeline.js"
import { type Call, signUp, signUpAs } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"
import { until } from "../support/until.js"

const pipeline = usePipeline()
let standIn: ExchangeStandIn
let server: TestServer
let call: Call

const account = (tag: string): StandInAccount => ({
  apiKey: `key-${tag}-${Math.random().toString(36).slice(2, 10)}`,
  secret: `secret-${tag}-${Math.random().toString(36).slice(2, 14)}`,
  balances: { USDT: "5000", BTC: "0.5", ETH: "0" }
})

beforeAll(async () => {
  standIn = await startExchangeStandIn()
  server = await startTestServer({
    exchanges: {
      timeout: Duration.seconds(1),
      binanceUrl: Option.some(standIn.url),
      signalMaxLag: Duration.seconds(120),
      // Checks asked for reach this stand-in; periodic ones of testnet connections are left to
      // the file that trades on testnet.
      access: false
    }
  })
  call = makeClient(server.baseUrl, randomClientIp())
})
afterAll(async () => {
  await server.close()
  await standIn.close()
})

const accountRequests = () => standIn.requests().filter((r) => r === "GET /api/v3/account").length

/**
 * The periodic check is put off for every connection, so that the faults a test scripts meet
 * its own requests only (the stand-in serves every connection of the run).
 */
const holdPeriodicChecks = async () => {
  await server.ownerQuery(
    (sql) => sql`UPDATE app_data.exchange_connections
                 SET check_due_at = now() + interval '1 hour' RETURNING id`
  )
  // A check the tick had begun just before ends first.
  await new Promise((r) => setTimeout(r, 300))
}

const connect = async (token: string, body: object) =>
  call("POST", "/api/connections", { token, body })

describe("exchange connections", () => {
  it("keeps testnet keys sealed, shows their last four characters, and checks them at the exchange", async () => {
    const trader = await signUp(call, "connector")
    const keys = account("ok")
    standIn.addAccount(keys)
    const created = await connect(trader.token, {
      name: "  Binance test  ",
      exchange: "binance",
      mode: "testnet",
      apiKey: keys.apiKey,
      apiSecret: keys.secret
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({
      name: "Binance test",
      exchange: "binance",
      mode: "testnet",
      keyHint: keys.apiKey.slice(-4),
      status: "unchecked",
      checkedAt: null
    })
    const id = created.body.id as string
    // Neither key nor secret is in what the API answers or in the stored bytes.
    const listed = await call("GET", "/api/connections", { token: trader.token })
    expect(listed.body.items).toHaveLength(1)
    for (const text of [JSON.stringify(created.body), JSON.stringify(listed.body)]) {
      expect(text).not.toContain(keys.apiKey)
      expect(text).not.toContain(keys.secret)
    }
    const [stored] = await server.ownerQuery(
      (sql) => sql<{ sealed: Uint8Array; keyId: string }>`
        SELECT credentials_encrypted AS sealed, key_id AS "keyId"
        FROM app_data.exchange_connections WHERE id = ${id}`
    )
    const bytes = Buffer.from(stored!.sealed).toString("latin1")
    expect(bytes).not.toContain(keys.apiKey)
    expect(bytes).not.toContain(keys.secret)
    expect(stored!.keyId).toBe("test-1")

    const before = accountRequests()
    const checked = await call("POST", `/api/connections/${id}/check`, { token: trader.token })
    expect(checked.status).toBe(200)
    expect(checked.body.status).toBe("ok")
    expect(checked.body.statusMessage).toBe("Keys accepted; the account holds 2 assets")
    expect(checked.body.checkedAt).not.toBeNull()
    expect(accountRequests()).toBeGreaterThan(before)

    // Created, by whom and with what; never the keys.
    const audit = await server.ownerQuery(
      (sql) => sql<{ action: string; details: unknown }>`
        SELECT action, details FROM app_data.audit_log
        WHERE user_id = ${trader.userId} AND action LIKE 'connection_%'`
    )
    expect(audit).toEqual([
      {
        action: "connection_created",
        details: { exchange: "binance", mode: "testnet", keyHint: keys.apiKey.slice(-4) }
      }
    ])
  })

  it("says why keys do not work: refused keys, retries over passing faults, no answer", async () => {
    const trader = await signUp(call, "faulty")
    const keys = account("faults")
    standIn.addAccount(keys)
    const wrong = await connect(trader.token, {
      name: "Wrong secret",
      exchange: "binance",
      mode: "testnet",
      apiKey: keys.apiKey,
      apiSecret: "not-the-secret"
    })
    const refused = await call("POST", `/api/connections/${wrong.body.id}/check`, {
      token: trader.token
    })
    expect(refused.body.status).toBe("failed")
    expect(refused.body.statusMessage).toBe(
      'The exchange refused the keys: binance {"code":-1022,"msg":"Signature for this request is not valid."}'
    )

    // A fixed connection: two 503s, then the answer, on the third try.
    const fixed = await call("PATCH", `/api/connections/${wrong.body.id}`, {
      token: trader.token,
      body: { apiKey: keys.apiKey, apiSecret: keys.secret }
    })
    expect(fixed.body).toMatchObject({ status: "unchecked", statusMessage: "" })
    await holdPeriodicChecks()
    const before = standIn.requests().length
    standIn.script([{ status: 503 }, { status: 503 }])
    const retried = await call("POST", `/api/connections/${wrong.body.id}/check`, {
      token: trader.token
    })
    expect(retried.body.status).toBe("ok")
    // Each try loads the markets anew: two refused, then the markets and the account.
    expect(standIn.requests().slice(before)).toEqual([
      "GET /api/v3/exchangeInfo",
      "GET /api/v3/exchangeInfo",
      "GET /api/v3/exchangeInfo",
      "GET /api/v3/account"
    ])

    // No answer to any of the three tries (1 s each): a timeout, said in words.
    standIn.script([{ hang: true }, { hang: true }, { hang: true }])
    const silent = await call("POST", `/api/connections/${wrong.body.id}/check`, {
      token: trader.token
    })
    expect(silent.body.status).toBe("failed")
    expect(silent.body.statusMessage).toBe("The exchange did not answer in time")
  }, 30_000)

  it("checks a paper connection against the market feed, and every due connection by itself", async () => {
    const trader = await signUp(call, "paper")
    const symbol = uniqueSymbol("PX")
    await pipeline.instrument(symbol)
    await pipeline.trade(symbol, new Date().toISOString(), "10")
    const created = await connect(trader.token, {
      name: "Paper",
      exchange: "binance",
      mode: "paper"
    })
    expect(created.body).toMatchObject({ mode: "paper", keyHint: null, status: "unchecked" })
    // Nobody asks: the periodic tick finds it due and checks it, and says so on the stream.
    const checked = await until(
      "the periodic check",
      async () => {
        const { body } = await call("GET", "/api/connections", { token: trader.token })
        return body.items[0].status === "unchecked" ? undefined : body.items[0]
      },
      30_000
    )
    expect(checked.status).toBe("ok")
    expect(checked.statusMessage).toMatch(
      /^Paper orders fill against the market feed \(last trade \d+ s ago\)$/
    )
    const events = await server.ownerQuery(
      (sql) => sql<{ type: string; payload: { connection: { id: string; status: string } } }>`
        SELECT type, payload FROM app_data.events
        WHERE user_id = ${trader.userId} AND type LIKE 'connection%'`
    )
    expect(
      events.map((e) => [e.type, e.payload.connection.id, e.payload.connection.status])
    ).toEqual([["connection.changed", created.body.id, "ok"]])
  }, 40_000)

  it("refuses what is missing or unconfirmed, with the field; another account's is not found", async () => {
    const trader = await signUp(call, "refused")
    const keys = account("refused")
    const noKeys = await connect(trader.token, { name: "T", exchange: "binance", mode: "testnet" })
    expect(noKeys.status).toBe(422)
    expect(noKeys.body.issues[0].path).toEqual(["apiKey"])
    const half = await connect(trader.token, {
      name: "T",
      exchange: "binance",
      mode: "paper",
      apiKey: keys.apiKey
    })
    expect(half.status).toBe(422)
    expect(half.body.issues[0]).toEqual({
      path: ["apiSecret"],
      message: "Give the API key and its secret together"
    })
    const unconfirmed = await connect(trader.token, {
      name: "Live",
      exchange: "binance",
      mode: "live",
      apiKey: keys.apiKey,
      apiSecret: keys.secret
    })
    expect(unconfirmed.status).toBe(422)
    expect(unconfirmed.body.issues[0].path).toEqual(["confirmLive"])
    const badShape = await connect(trader.token, {
      name: "",
      exchange: "kraken",
      mode: "paper",
      apiKey: "has space in it"
    })
    expect(badShape.status).toBe(400)
    expect(JSON.stringify(badShape.body)).toContain('exchange must be \\"binance\\"')

    // A paper connection switched to live: it needs keys, then the confirmation.
    const paper = await connect(trader.token, { name: "P", exchange: "binance", mode: "paper" })
    const path = `/api/connections/${paper.body.id}`
    const keyless = await call("PATCH", path, { token: trader.token, body: { mode: "live" } })
    expect(keyless.body.issues[0].path).toEqual(["apiKey"])
    const live = await call("PATCH", path, {
      token: trader.token,
      body: { mode: "live", apiKey: keys.apiKey, apiSecret: keys.secret, confirmLive: true }
    })
    expect(live.status).toBe(200)
    expect(live.body).toMatchObject({ mode: "live", keyHint: keys.apiKey.slice(-4) })
    const [updated] = await server.ownerQuery(
      (sql) => sql<{ details: unknown }>`
        SELECT details FROM app_data.audit_log
        WHERE user_id = ${trader.userId} AND action = 'connection_updated'`
    )
    expect(updated!.details).toEqual({
      mode: { from: "paper", to: "live" },
      keysReplaced: true,
      keyHint: keys.apiKey.slice(-4)
    })

    const other = await signUp(call, "other")
    for (const [method, url] of [
      ["POST", `${path}/check`],
      ["PATCH", path],
      ["DELETE", path]
    ] as const) {
      const res = await call(method, url, { token: other.token, body: { name: "Mine" } })
      expect(res.status, `${method} ${url}`).toBe(404)
    }
    const viewer = await signUpAs(call, server.ownerQuery, "viewer")
    const forbidden = await connect(viewer.token, { name: "V", exchange: "binance", mode: "paper" })
    expect(forbidden.status).toBe(403)

    expect((await call("DELETE", path, { token: trader.token })).status).toBe(204)
    expect((await call("GET", "/api/connections", { token: trader.token })).body.items).toEqual([])
  })

  it("seals keys for the owner and the connection, as the rotation job re-wraps them", async () => {
    const trader = await signUp(call, "sealed")
    const keys = account("sealed")
    const created = await connect(trader.token, {
      name: "Sealed",
      exchange: "binance",
      mode: "testnet",
      apiKey: keys.apiKey,
      apiSecret: keys.secret
    })
    const column = SEALED_COLUMNS.find((c) => c.table === "app_data.exchange_connections")!
    const [row] = await server.ownerQuery(
      (sql) => sql<{ id: string; sealed: Uint8Array }>`
        SELECT ${sql.literal(column.id)} AS id, ${sql.literal(column.value)} AS sealed
        FROM ${sql.literal(column.table)} WHERE id = ${created.body.id}`
    )
    const box = SecretBox.Default.pipe(
      Layer.provide(AppConfigTest({ databaseUrl: Redacted.make("postgres://unused") }))
    )
    const opened = await Effect.runPromise(
      Effect.flatMap(SecretBox, (b) => b.open(row!.sealed, column.context(row!.id))).pipe(
        Effect.provide(box)
      )
    )
    expect(JSON.parse(opened)).toEqual({ apiKey: keys.apiKey, apiSecret: keys.secret })
    // Under another owner's context, or another connection's, it does not open.
    const elsewhere = await Effect.runPromiseExit(
      Effect.flatMap(SecretBox, (b) =>
        b.open(row!.sealed, column.context(`${trader.userId}:${crypto.randomUUID()}`))
      ).pipe(Effect.provide(box))
    )
    expect(elsewhere._tag).toBe("Failure")
  })
})
