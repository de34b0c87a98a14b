// The valuation part of pnpm bench: a portfolio of 100,000 transactions over 50 symbols and five
// years, valued by the real server run in this process so that its event-loop delay can be
// measured with perf_hooks while the requests run. Prints figures only.
import { createServer } from "node:http"
import { monitorEventLoopDelay } from "node:perf_hooks"
import { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Logger, LogLevel, ManagedRuntime, Redacted } from "effect"
import pg from "pg"
import { AppConfigTest } from "../src/AppConfig.js"
import { DatabaseLive } from "../src/Database/Database.js"
import { serveApi } from "../src/Http/Server.js"
import { accessToken } from "./seed.js"

const SYMBOLS = 50
const TRANSACTIONS = 100_000
const YEARS = 5

/**
 * 50 instruments with five years of daily candles (and two years of hourly ones for the first),
 * published as the pipeline, and one user whose portfolio trades them 100,000 times: per symbol
 * buy 10, buy 10, sell 15, so no sale ever sells more than is held.
 */
const seedPortfolio = async (ownerUrl: string, pipelineUrl: string, jwtSecret: string) => {
  const pipeline = new pg.Client({
    connectionString: pipelineUrl,
    options: "-c search_path=market_data"
  })
  await pipeline.connect()
  try {
    await pipeline.query("SELECT setseed(0.17)")
    await pipeline.query(
      `INSERT INTO instruments (symbol, name, asset_class, quote_currency)
       SELECT 'BV' || lpad(i::text, 2, '0'), 'Bench ' || i, 'equity', 'USD' FROM generate_series(0, $1 - 1) i`,
      [SYMBOLS]
    )
    // Random walks: each close is the previous one times e^(0.02 z), built by a running sum.
    for (const [interval, step, count, symbols] of [
      ["1d", "1 day", YEARS * 366, SYMBOLS],
      ["1h", "1 hour", 2 * 366 * 24, 1]
    ] as const) {
      await pipeline.query(
        `INSERT INTO ohlc (symbol, interval, bucket_start, open, high, low, close, volume)
         SELECT symbol, $1, t, round(c, 4), round(c * 1.01, 4), round(c * 0.99, 4), round(c, 4), 1000
         FROM (
           SELECT 'BV' || lpad(s::text, 2, '0') AS symbol,
             date_trunc('day', now()) - ($3 - g) * $2::interval AS t,
             (100 * exp(sum((random() - 0.5) * 0.04) OVER (PARTITION BY s ORDER BY g)))::numeric AS c
           FROM generate_series(0, $4 - 1) s CROSS JOIN generate_series(1, $3) g
         ) AS walk`,
        [interval, step, count, symbols]
      )
    }
  } finally {
    await pipeline.end()
  }
  const owner = new pg.Client({ connectionString: ownerUrl })
  await owner.connect()
  try {
    const { rows } = await owner.query<{ userId: string; portfolioId: string; sessionId: string }>(
      `WITH u AS (
         INSERT INTO app_data.users (email, password_hash, terms_version, terms_accepted_at)
         VALUES ('valuation-bench@example.com', 'x', 'bench', now()) RETURNING id
       ), p AS (
         INSERT INTO app_data.user_portfolios (user_id, name, base_currency)
         SELECT id, 'Valuation bench', 'USD' FROM u RETURNING id, user_id
       ), s AS (
         INSERT INTO app_data.auth_sessions (user_id, expires_at)
         SELECT id, now() + interval '1 day' FROM u RETURNING id
       )
       SELECT p.user_id AS "userId", p.id AS "portfolioId", s.id AS "sessionId" FROM p, s`
    )
    const { userId, portfolioId, sessionId } = rows[0]!
    await owner.query(
      `INSERT INTO app_data.user_transactions
         (user_id, portfolio_id, symbol, type, quantity, price, fee, currency, executed_at)
       SELECT $1, $2, 'BV' || lpad((g % $4)::text, 2, '0'),
         CASE WHEN (g / $4) % 3 = 2 THEN 'sell' ELSE 'buy' END,
         CASE WHEN (g / $4) % 3 = 2 THEN 15 ELSE 10 END,
         round((50 + random() * 100)::numeric, 4), round((random() * 2)::numeric, 2), 'USD',
         date_trunc('milliseconds', now() - interval '${YEARS} years'
           + (g + 1) * (interval '${YEARS} years' - interval '1 day') / $3)
       FROM generate_series(0, $3 - 1) g`,
      [userId, portfolioId, TRANSACTIONS, SYMBOLS]
    )
    await owner.query("ANALYZE")
    const token = await accessToken(jwtSecret, userId, sessionId)
    return { token, portfolioId }
  } finally {
    await owner.end()
  }
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

export const benchValuation = async (db: {
  readonly appUrl: Redacted.Redacted<string>
  readonly ownerUrl: Redacted.Redacted<string>
  readonly pipelineUrl: Redacted.Redacted<string>
  readonly jwtSecret: string
}) => {
  console.log("Seeding a portfolio of 100,000 transactions over 50 symbols and 5 years...")
  const { token, portfolioId } = await seedPortfolio(
    Redacted.value(db.ownerUrl),
    Redacted.value(db.pipelineUrl),
    db.jwtSecret
  )
  const server = serveApi(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 })).pipe(
    Layer.provide(DatabaseLive),
    Layer.provide(
      AppConfigTest({
        databaseUrl: db.appUrl,
        jwtSecret: Redacted.make(db.jwtSecret),
        dbPoolMax: 10
      })
    ),
    Layer.provide(Logger.minimumLogLevel(LogLevel.Warning))
  )
  const runtime = ManagedRuntime.make(server)
  try {
    const address = (await runtime.runPromise(
      Effect.map(HttpServer.HttpServer, (s) => s.address)
    )) as { port: number }
    const base = `http://127.0.0.1:${address.port}/api`
    const time = async (path: string) => {
      const started = performance.now()
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
      return performance.now() - started
    }
    // "Cold" bumps the ledger's version before each request, as any write to it does, so the
    // ledger is read and unpacked again; "warm" reuses the one already read (figures are
    // computed anew either way).
    const owner = new pg.Client({ connectionString: Redacted.value(db.ownerUrl) })
    await owner.connect()
    const touch = () =>
      owner.query(
        "UPDATE app_data.user_portfolios SET ledger_version = ledger_version + 1 WHERE id = $1",
        [portfolioId]
      )
    const holdingsPath = `/portfolios/${portfolioId}/holdings`
    const performancePath = `/portfolios/${portfolioId}/performance`
    const cases = [
      {
        name: "holdings, after a change (cold)",
        path: holdingsPath,
        n: 15,
        cold: true,
        target: 150
      },
      {
        name: "holdings, unchanged ledger (warm)",
        path: holdingsPath,
        n: 20,
        cold: false,
        target: 150
      },
      { name: "performance 5 y daily, cold", path: performancePath, n: 8, cold: true, target: 500 },
      {
        name: "performance 5 y daily, warm",
        path: performancePath,
        n: 10,
        cold: false,
        target: 500
      },
      {
        name: "candles, 2 y of hourly data at 1d",
        path: `/market/instruments/BV00/candles?interval=1d&from=${new Date(Date.now() - 729 * 86_400_000).toISOString()}`,
        n: 50,
        cold: false,
        target: 50
      }
    ]
    for (const c of cases) for (let i = 0; i < 3; i++) await time(c.path)
    const delay = monitorEventLoopDelay({ resolution: 5 })
    const figures: Array<{ name: string; times: number[]; target: number }> = []
    delay.enable()
    for (const c of cases) {
      const times: number[] = []
      for (let i = 0; i < c.n; i++) {
        if (c.cold) await touch()
        times.push(await time(c.path))
      }
      figures.push({ name: c.name, times, target: c.target })
    }
    delay.disable()
    await owner.end()
    const f = (n: number) => n.toFixed(1).padStart(8)
    console.log(`
Valuation (sequential requests to the server in this process; ms)
                                            p50      p95      max   target`)
    for (const { name, times, target } of figures) {
      console.log(
        `  ${name.padEnd(40)}${f(percentile(times, 50))} ${f(percentile(times, 95))} ${f(Math.max(...times))}   <= ${target}`
      )
    }
    console.log(
      `  event-loop delay during the run: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`
    )
  } finally {
    await runtime.dispose()
  }
}
