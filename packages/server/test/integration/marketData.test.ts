import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as testDb from "../support/databases.js"
import { uniqueSymbol, usePipeline } from "../support/pipeline.js"
import { useTestServer } from "../support/server.js"
import { type Session, signUp } from "../support/session.js"
import { startTestServer } from "../support/TestServer.js"

const { call, ownerQuery } = useTestServer()
const pipeline = usePipeline()
let user: Session

beforeAll(async () => {
  user = await signUp(call, "market")
})

const get = (path: string) => call("GET", `/api/market${path}`, { token: user.token })
const HOUR = 3_600_000

describe("market data is read-only for the app", () => {
  let app: pg.Client
  beforeAll(async () => {
    app = new pg.Client({ connectionString: testDb.databaseUrl })
    await app.connect()
  })
  afterAll(() => app.end())

  it.each([
    "INSERT INTO market_data.instruments (symbol, name, asset_class, quote_currency) VALUES ('X', 'X', 'equity', 'USD')",
    "UPDATE market_data.ohlc SET close = 1",
    "DELETE FROM market_data.public_trades",
    "ALTER TABLE market_data.ohlc ADD COLUMN intruder int",
    "CREATE TABLE market_data.intruder (id int)"
  ])("refuses %s over the app's connection", async (statement) => {
    const error = await app.query(statement).then(
      () => undefined,
      (e: { code?: string }) => e
    )
    expect(error?.code).toBe("42501") // insufficient_privilege
  })

  it("lets the app read", async () => {
    const { rows } = await app.query("SELECT count(*)::int AS n FROM market_data.instruments")
    expect(rows[0].n).toBeGreaterThan(10)
  })
})

describe("the market-data contract", () => {
  // A schema of the owner's where the tables drift from the contract.
  const schema = `drift_${Math.random().toString(36).slice(2, 8)}`
  beforeAll(async () => {
    await ownerQuery((sql) => sql.unsafe(`CREATE SCHEMA ${schema}`))
    await ownerQuery((sql) =>
      sql.unsafe(`CREATE TABLE ${schema}.instruments (symbol text, name text, asset_class text,
        base_currency text, quote_currency text, active boolean)`)
    )
    await ownerQuery((sql) =>
      sql.unsafe(`CREATE TABLE ${schema}.ohlc (symbol text, interval text, bucket_start timestamp,
        open numeric, high numeric, low numeric, close double precision)`)
    )
    await ownerQuery((sql) => sql.unsafe(`GRANT USAGE ON SCHEMA ${schema} TO trading_app`))
    await ownerQuery((sql) =>
      sql.unsafe(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO trading_app`)
    )
  })
  afterAll(() => ownerQuery((sql) => sql.unsafe(`DROP SCHEMA ${schema} CASCADE`)))

  it.skipIf(process.env.TEST_DATABASE_URL)("stops the start, naming every mismatch", async () => {
    const error = await startTestServer({ marketDataSchema: schema }).then(
      () => undefined,
      (e: unknown) => e
    )
    const message = String((error as { message?: string })?.message ?? error)
    expect(message).toContain(`${schema}.ohlc.bucket_start is timestamp without time zone`)
    expect(message).toContain(`${schema}.ohlc.close is double precision; expected numeric`)
    expect(message).toContain(`${schema}.ohlc.volume is missing`)
    expect(message).toContain(`table ${schema}.public_trades is missing or not readable`)
    expect(message).not.toContain(`${schema}.instruments`)
  })
})

describe("readiness", () => {
  // A schema of the owner's that matches the contract, until a column drifts under a running app.
  const schema = `valid_${Math.random().toString(36).slice(2, 8)}`
  let owner: pg.Client
  beforeAll(async () => {
    owner = new pg.Client({
      connectionString: testDb.ownerUrl,
      options: `-c search_path=${schema}`
    })
    await owner.connect()
    await owner.query(`CREATE SCHEMA ${schema}`)
    await owner.query(
      readFileSync(resolve(import.meta.dirname, "../../../../infra/market-data/schema.sql"), "utf8")
    )
    await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO trading_app`)
    await owner.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO trading_app`)
  })
  afterAll(async () => {
    await owner.query(`DROP SCHEMA ${schema} CASCADE`)
    await owner.end()
  })

  it.skipIf(process.env.TEST_DATABASE_URL)(
    "names a contract mismatch that appears while the app runs",
    async () => {
      const server = await startTestServer({ marketDataSchema: schema })
      try {
        const ready = await fetch(`${server.baseUrl}/api/health/ready`)
        expect(ready.status).toBe(200)
        await owner.query("ALTER TABLE public_trades ALTER COLUMN price TYPE double precision")
        const drifted = await fetch(`${server.baseUrl}/api/health/ready`)
        expect(drifted.status).toBe(503)
        expect(((await drifted.json()) as { checks: unknown }).checks).toEqual({
          database: "ok",
          migrations: "ok",
          marketData: `${schema}.public_trades.price is double precision; expected numeric or bigint or integer or smallint`,
          librarian: "not configured",
          librarianBreaker: "none"
        })
      } finally {
        await server.close()
      }
    }
  )
})

describe("instruments", () => {
  it("finds by symbol or name, exact symbol first, and filters by asset class", async () => {
    const byName = await get("/instruments?q=bitcoin")
    expect(byName.status).toBe(200)
    expect(byName.body.items.map((i: { symbol: string }) => i.symbol)).toEqual(["BTC-USD"])
    const bySymbol = await get("/instruments?q=eth-usd")
    expect(bySymbol.body.items[0]).toEqual({
      symbol: "ETH-USD",
      name: "Ether",
      assetClass: "crypto",
      baseCurrency: null,
      quoteCurrency: "USD",
      active: true
    })
    const fx = await get("/instruments?assetClass=fx")
    expect(fx.body.items.length).toBeGreaterThanOrEqual(3)
    expect(fx.body.items.every((i: { assetClass: string }) => i.assetClass === "fx")).toBe(true)
    expect((await get("/instruments?q=%25")).body.items).toEqual([])
    expect((await get("/instruments?assetClass=bond")).status).toBe(400)
  })

  it("answers one instrument, or 404", async () => {
    expect((await get("/instruments/sap.de")).body.quoteCurrency).toBe("EUR")
    const missing = await get("/instruments/NOPE")
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe("No instrument NOPE")
  })

  it("needs a signed-in user", async () => {
    expect((await call("GET", "/api/market/instruments")).status).toBe(401)
  })
})

describe("candles", () => {
  it("aggregates coarser intervals from the finest stored candles that cover the range", async () => {
    // The last 4-hour boundary the sample's minute candles reach (they end when it was loaded:
    // the run may have crossed a boundary since).
    const recent = await get("/instruments/BTC-USD/candles?interval=1m")
    const end = Date.parse(recent.body.items.at(-1).time) + 60_000
    const to = new Date(Math.floor(end / (4 * HOUR)) * 4 * HOUR).toISOString()
    const from = new Date(Date.parse(to) - 8 * HOUR).toISOString()
    const coarse = await get(`/instruments/BTC-USD/candles?interval=4h&from=${from}&to=${to}`)
    expect(coarse.status).toBe(200)
    expect(coarse.body.sourceInterval).toBe("1m")
    expect(coarse.body.items).toHaveLength(2)
    const fine = await get(`/instruments/BTC-USD/candles?interval=1m&from=${from}&to=${to}`)
    expect(fine.body.items).toHaveLength(480)
    const first = fine.body.items.slice(0, 240)
    const sum = first.reduce((s: number, c: { volume: string }) => s + Number(c.volume), 0)
    expect(coarse.body.items[0]).toMatchObject({
      time: from,
      open: first[0].open,
      close: first[239].close,
      high: String(Math.max(...first.map((c: { high: string }) => Number(c.high)))),
      low: String(Math.min(...first.map((c: { low: string }) => Number(c.low))))
    })
    expect(Number(coarse.body.items[0].volume)).toBeCloseTo(sum, 6)
  })

  it("reads days from hourly candles over a month, and weeks start on Mondays", async () => {
    const daily = await get(
      `/instruments/BTC-USD/candles?interval=1d&from=${new Date(Date.now() - 30 * 24 * HOUR).toISOString()}`
    )
    expect(daily.body.sourceInterval).toBe("1h")
    expect(daily.body.items.length).toBeGreaterThanOrEqual(30)
    expect(daily.body.items.every((c: { time: string }) => c.time.endsWith("T00:00:00.000Z"))).toBe(
      true
    )
    const weekly = await get("/instruments/BTC-USD/candles?interval=1w")
    expect(weekly.body.items.length).toBeGreaterThan(0)
    for (const c of weekly.body.items) expect(new Date(c.time).getUTCDay()).toBe(1)
  })

  it("refuses more than 5,000 candles, or a range that ends before it starts", async () => {
    const tooMany = await get(
      "/instruments/BTC-USD/candles?interval=1m&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z"
    )
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.issues[0].path).toEqual(["from"])
    expect(tooMany.body.message).toContain("At most 5000 candles")
    const backwards = await get(
      "/instruments/BTC-USD/candles?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"
    )
    expect(backwards.status).toBe(400)
    expect((await get("/instruments/BTC-USD/candles?interval=2h")).status).toBe(400)
    expect((await get("/instruments/NOPE/candles")).status).toBe(404)
  })
})

describe("prices and trades", () => {
  const traded = uniqueSymbol()
  const closed = uniqueSymbol()
  const silent = uniqueSymbol()
  beforeAll(async () => {
    for (const s of [traded, closed, silent]) await pipeline.instrument(s)
    // One with a trade newer than its last candle, one with a candle newer than its last trade.
    await pipeline.candles([
      { symbol: traded, interval: "1h", time: "2026-01-05T10:00:00Z", close: "10" },
      { symbol: closed, interval: "1h", time: "2026-01-05T10:00:00Z", close: "20.5" }
    ])
    await pipeline.trade(traded, "2026-01-05T12:30:00Z", "11.25")
    await pipeline.trade(closed, "2026-01-05T09:00:00Z", "19")
  })

  it("answer the newer of the last trade and the last close, and name the missing", async () => {
    const res = await get(`/prices?symbols=${traded},${closed},${silent},NOPE`)
    expect(res.status).toBe(200)
    expect(res.body.items).toEqual([
      { symbol: traded, price: "11.25", time: "2026-01-05T12:30:00.000Z", source: "trade" },
      { symbol: closed, price: "20.5", time: "2026-01-05T11:00:00.000Z", source: "candle" }
    ])
    expect(res.body.missing).toEqual([silent, "NOPE"])
  })

  it("take at most 100 symbols", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `S${i}`).join(",")
    const res = await get(`/prices?symbols=${many}`)
    expect(res.status).toBe(400)
    expect(res.body.message).toContain("At most 100 symbols")
  })

  it("list recent public trades newest first", async () => {
    const res = await get("/instruments/BTC-USD/trades?limit=5")
    expect(res.status).toBe(200)
    expect(res.body.items).toHaveLength(5)
    const times = res.body.items.map((t: { time: string }) => t.time)
    expect([...times].sort().reverse()).toEqual(times)
    expect((await get(`/instruments/${silent}/trades`)).body.items).toEqual([])
  })
})
