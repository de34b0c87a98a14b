// The valuation part of pnpm bench: a portfolio of 100,000 activities over 50 symbols and five
// years, and all of a user's ten portfolios together, valued by the real server run in this process so that its event-loop delay can be
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
// All portfolios together: this many portfolios sharing the same number of activities.
const PORTFOLIOS = 10

/**
 * 50 instruments with five years of daily candles (and two years of hourly ones for the first),
 * published as the pipeline; one user whose portfolio has 100,000 activities of every type in
 * them, and another with ten portfolios of 10,000 each.
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
    const user = async (email: string, portfolios: number) => {
      const { rows } = await owner.query<{ userId: string; sessionId: string }>(
        `WITH u AS (
           INSERT INTO app_data.users (email, password_hash, terms_version, terms_accepted_at)
           VALUES ($1, 'x', 'bench', now()) RETURNING id
         ), s AS (
           INSERT INTO app_data.auth_sessions (user_id, expires_at)
           SELECT id, now() + interval '1 day' FROM u RETURNING id
         )
         SELECT u.id AS "userId", s.id AS "sessionId" FROM u, s`,
        [email]
      )
      const { userId, sessionId } = rows[0]!
      const { rows: ids } = await owner.query<{ id: string }>(
        `INSERT INTO app_data.user_portfolios (user_id, name, base_currency)
         SELECT $1, 'Bench ' || i, 'USD' FROM generate_series(1, $2::int) i RETURNING id`,
        [userId, portfolios]
      )
      return { userId, sessionId, portfolioIds: ids.map((r) => r.id) }
    }
    /**
     * `count` activities of every type spread over five years, per symbol in a cycle of eight
     * that never sells more than is held: buy 10, buy 10, sell 15, a dividend, a fee, buy 10, a
     * deposit (no symbol), sell 10; every 5,000th a 2-for-1 split instead.
     */
    const activities = (userId: string, portfolioId: string, count: number) =>
      owner.query(
        `INSERT INTO app_data.user_transactions (user_id, portfolio_id, type, symbol, quantity,
           price, fee, amount, withholding_tax, shares_before, shares_after, currency, executed_at)
         SELECT $1, $2, kind, CASE WHEN kind = 'deposit' THEN NULL ELSE sym END,
           CASE WHEN kind IN ('buy', 'sell') THEN quantity END,
           CASE WHEN kind IN ('buy', 'sell') THEN round((50 + random() * 100)::numeric, 4) END,
           CASE WHEN kind IN ('buy', 'sell') THEN round((random() * 2)::numeric, 2) ELSE 0 END,
           CASE WHEN kind IN ('dividend', 'fee', 'deposit') THEN round((1 + random() * 20)::numeric, 2) END,
           CASE WHEN kind = 'dividend' THEN 0.15 ELSE 0 END,
           CASE WHEN kind = 'split' THEN 1 END, CASE WHEN kind = 'split' THEN 2 END,
           CASE WHEN kind = 'split' THEN NULL ELSE 'USD' END,
           date_trunc('milliseconds', now() - interval '${YEARS} years'
             + (g + 1) * (interval '${YEARS} years' - interval '1 day') / $3)
         FROM (
           SELECT g, 'BV' || lpad((g % $4)::text, 2, '0') AS sym,
             CASE WHEN g % 5000 = 4999 THEN 'split' ELSE (ARRAY['buy', 'buy', 'sell', 'dividend',
               'fee', 'buy', 'deposit', 'sell'])[1 + (g / $4) % 8] END AS kind,
             (ARRAY[10, 10, 15, 0, 0, 10, 0, 10])[1 + (g / $4) % 8] AS quantity
           FROM generate_series(0, $3 - 1) g
         ) AS a`,
        [userId, portfolioId, count, SYMBOLS]
      )
    const one = await user("valuation-bench@example.com", 1)
    await activities(one.userId, one.portfolioIds[0]!, TRANSACTIONS)
    const many = await user("valuation-bench-all@example.com", PORTFOLIOS)
    for (const id of many.portfolioIds) await activities(many.userId, id, TRANSACTIONS / PORTFOLIOS)
    await owner.query("ANALYZE")
    return {
      token: await accessToken(jwtSecret, one.userId, one.sessionId),
      portfolioId: one.portfolioIds[0]!,
      allToken: await accessToken(jwtSecret, many.userId, many.sessionId),
      allPortfolioIds: many.portfolioIds
    }
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
  console.log(
    "Seeding a portfolio of 100,000 activities of every type over 50 symbols and 5 years, and 10 portfolios of 10,000..."
  )
  const { token, portfolioId, allToken, allPortfolioIds } = await seedPortfolio(
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
    const time = async (path: string, as = token) => {
      const started = performance.now()
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${as}` } })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
      return performance.now() - started
    }
    // "After a write" records a small fee on one symbol before each request, as any write
    // does: the database repacks that symbol and bumps the ledger's version, so the server
    // reads that pack again. "Nothing cached" marks every pack as new, so the whole ledger is
    // read and unpacked. "Warm" reuses the ledger already read. Every figure is computed anew.
    const owner = new pg.Client({ connectionString: Redacted.value(db.ownerUrl) })
    await owner.connect()
    const write = (ids: ReadonlyArray<string>) =>
      owner.query(
        `INSERT INTO app_data.user_transactions (user_id, portfolio_id, type, symbol, amount, currency, executed_at)
         SELECT user_id, id, 'fee', 'BV07', 0.01, 'USD', date_trunc('milliseconds', now() - interval '1 day')
         FROM app_data.user_portfolios WHERE id = $1`,
        [ids[0]]
      )
    const forget = async (ids: ReadonlyArray<string>) => {
      await owner.query(
        "UPDATE app_data.ledger_packs SET version = version + 1000000 WHERE portfolio_id = ANY($1)",
        [ids]
      )
      await owner.query(
        "UPDATE app_data.user_portfolios SET ledger_version = ledger_version + 1 WHERE id = ANY($1)",
        [ids]
      )
    }
    const holdingsPath = `/portfolios/${portfolioId}/holdings`
    const performancePath = `/portfolios/${portfolioId}/performance`
    const single = { as: token, portfolios: [portfolioId] }
    const all = { as: allToken, portfolios: allPortfolioIds }
    type Prepare = ((ids: ReadonlyArray<string>) => Promise<unknown>) | undefined
    const cases: Array<{
      name: string
      path: string
      n: number
      prepare: Prepare
      target?: number
      as: string
      portfolios: ReadonlyArray<string>
    }> = [
      {
        name: "holdings, after a write",
        path: holdingsPath,
        n: 15,
        prepare: write,
        target: 150,
        ...single
      },
      { name: "holdings, nothing cached", path: holdingsPath, n: 10, prepare: forget, ...single },
      {
        name: "holdings, unchanged (warm)",
        path: holdingsPath,
        n: 20,
        prepare: undefined,
        target: 60,
        ...single
      },
      {
        name: "performance 5 y daily, after a write",
        path: performancePath,
        n: 8,
        prepare: write,
        target: 400,
        ...single
      },
      {
        name: "performance 5 y daily, warm",
        path: performancePath,
        n: 10,
        prepare: undefined,
        ...single
      },
      {
        name: "all 10 portfolios' holdings, after a write",
        path: "/portfolios/all/holdings",
        n: 15,
        prepare: write,
        target: 300,
        ...all
      },
      {
        name: "all 10 portfolios' holdings, warm",
        path: "/portfolios/all/holdings",
        n: 20,
        prepare: undefined,
        ...all
      },
      {
        name: "candles, 2 y of hourly data at 1d",
        path: `/market/instruments/BV00/candles?interval=1d&from=${new Date(Date.now() - 729 * 86_400_000).toISOString()}`,
        n: 50,
        prepare: undefined,
        target: 50,
        ...single
      }
    ]
    for (const c of cases) for (let i = 0; i < 3; i++) await time(c.path, c.as)
    const delay = monitorEventLoopDelay({ resolution: 5 })
    const figures: Array<{ name: string; times: number[]; target: number | undefined }> = []
    delay.enable()
    for (const c of cases) {
      const times: number[] = []
      for (let i = 0; i < c.n; i++) {
        await c.prepare?.(c.portfolios)
        times.push(await time(c.path, c.as))
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
        `  ${name.padEnd(44)}${f(percentile(times, 50))} ${f(percentile(times, 95))} ${f(Math.max(...times))}   ${target === undefined ? "" : `<= ${target}`}`
      )
    }
    console.log(
      `  event-loop delay during the run: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`
    )
  } finally {
    await runtime.dispose()
  }
}
