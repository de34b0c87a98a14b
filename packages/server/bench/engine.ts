// The execution engine on one replica (the bundled server) with the paper exchange: how long a
// TradingView alert takes to become a placed order, what 100 live groups cost to tick, and a
// burst of 1,000 alerts (none lost, none acted on twice).
import type { ChildProcess } from "node:child_process"
import { createHash, randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import pg from "pg"
import { freePort } from "../test/support/freePort.js"
import { GRID } from "../test/support/grid.js"
import { startNode } from "./processes.js"

const SERVER_DIR = resolve(import.meta.dirname, "..")
const SYMBOL = "BTC-USD"
const LATENCY_ALERTS = 200
const LIVE_GROUPS = 100
const BURST = 1000
const BURST_BOTS = 50
const TICK_SECONDS = Number(process.env.BENCH_TICK_SECONDS ?? 60)

const SETTINGS = {
  grid: GRID,
  takeProfit: "aggregate",
  takeProfitSteps: [],
  stopLossPercent: null,
  maxEntries: 1
}

interface Bot {
  readonly id: string
  readonly hookId: string
  readonly secret: string
}

/** `count` bots, 20 to a user (each user with a paper connection, a portfolio and a hook). */
const seedBots = async (client: pg.Client, tag: string, count: number) => {
  const bots: Array<Bot> = []
  for (let u = 0; u * 20 < count; u++) {
    const secret = randomBytes(16).toString("hex")
    const hookId = `bench${tag}${u}${randomBytes(8).toString("hex")}`
    const { rows } = await client.query<{ id: string }>(
      `WITH u AS (
         INSERT INTO app_data.users (email, password_hash, terms_version, terms_accepted_at)
         VALUES ($1, 'not used', 'bench', now()) RETURNING id),
       p AS (INSERT INTO app_data.user_portfolios (user_id, name, base_currency)
             SELECT id, 'Bots', 'USD' FROM u RETURNING id, user_id),
       c AS (INSERT INTO app_data.exchange_connections (user_id, name, exchange, mode)
             SELECT id, 'Paper', 'binance', 'paper' FROM u RETURNING id, user_id),
       h AS (INSERT INTO app_data.tradingview_hooks (user_id, hook_id, secret_hash)
             SELECT id, $2, $3 FROM u)
       INSERT INTO app_data.bots (user_id, name, connection_id, portfolio_id, symbol, settings)
       SELECT c.user_id, 'Bot ' || i, c.id, p.id, $4, $5::jsonb
       FROM c JOIN p USING (user_id), generate_series(1, $6::int) i
       RETURNING id`,
      [
        `engine-${tag}-${u}-${Date.now()}@example.com`,
        hookId,
        createHash("sha256").update(secret, "utf8").digest(),
        SYMBOL,
        JSON.stringify(SETTINGS),
        Math.min(20, count - u * 20)
      ]
    )
    for (const r of rows) bots.push({ id: r.id, hookId, secret })
  }
  return bots
}

const alert = (port: number, bot: Bot, id: string) =>
  fetch(`http://127.0.0.1:${port}/api/hooks/tv/${bot.hookId}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      secret: bot.secret,
      bot: bot.id,
      ticker: SYMBOL,
      action: "buy",
      time: new Date().toISOString(),
      id
    })
  })

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN

/** The process's CPU time so far, in seconds (user and system, from /proc). */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

const until = async (what: string, test: () => Promise<boolean>, ms = 120_000, every = 200) => {
  const deadline = Date.now() + ms
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, every))
  }
}

export const benchEngine = async (options: {
  readonly ownerUrl: string
  readonly appUrl: string
  readonly pipelineUrl: string
  readonly jwtSecret: string
}) => {
  const client = new pg.Client({ connectionString: options.ownerUrl })
  await client.connect()
  const pipeline = new pg.Client({
    connectionString: options.pipelineUrl,
    options: "-c search_path=market_data"
  })
  await pipeline.connect()
  const trade = (price: string) =>
    pipeline.query(
      "INSERT INTO public_trades (symbol, time, price, quantity, side) VALUES ($1, now(), $2, 1000, 'buy')",
      [SYMBOL, price]
    )
  const count = async (sql: string, params: Array<unknown> = []) =>
    Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0)
  const port = await freePort()
  let server: ChildProcess | undefined
  try {
    await trade("100")
    server = await startNode(
      join(SERVER_DIR, "dist/main.mjs"),
      {
        DATABASE_URL: options.appUrl,
        JWT_SECRET: options.jwtSecret,
        LOG_LEVEL: "warn",
        HOST: "127.0.0.1",
        METRICS_PORT: "0",
        API_RATE_LIMIT_PER_MINUTE: "100000000"
      },
      port
    )
    const pid = server.pid as number

    // Latency: alerts one after another, each to a bot of its own: the answer's time, and the
    // time until its base order is placed on the paper exchange (read every 5 ms).
    const bots = await seedBots(client, "latency", LATENCY_ALERTS)
    const answers: Array<number> = []
    const placed: Array<number> = []
    for (const [i, bot] of bots.entries()) {
      const started = performance.now()
      const res = await alert(port, bot, `latency-${i}`)
      answers.push(performance.now() - started)
      if (res.status !== 202) throw new Error(`alert answered ${res.status}`)
      await until(
        "the base order placed",
        async () =>
          (await count(
            `SELECT count(*) AS n FROM app_data.execution_signals s
             JOIN app_data.group_orders o ON o.group_id = s.group_id
             WHERE s.dedupe_key = $1 AND o.role = 'base' AND o.status <> 'new'`,
            [`latency-${i}`]
          )) > 0,
        10_000,
        5
      )
      // The first few warm the process up.
      if (i < 5) answers.pop()
      else placed.push(performance.now() - started)
    }
    placed.sort((a, b) => a - b)
    const sortedAnswers = answers.sort((a, b) => a - b)

    // Ticking: the groups' bases fill (a trade at 100), leaving them live with their safety
    // orders and take-profits working; the server's CPU is read while the 10 s tick advances
    // them, against the same time with none open before.
    await client.query(
      `UPDATE app_data.position_groups SET state = 'closed', closed_at = now()
       WHERE id NOT IN (SELECT id FROM app_data.position_groups WHERE state <> 'closed'
                        ORDER BY opened_at LIMIT ${LIVE_GROUPS})`
    )
    // The same time with no group to advance (all leased away), once the process has settled.
    await client.query(`UPDATE app_data.position_groups SET busy_until = now() + interval '1 hour'`)
    await new Promise((r) => setTimeout(r, 10_000))
    const idleFrom = cpuSeconds(pid)
    const idleStart = performance.now()
    await new Promise((r) => setTimeout(r, TICK_SECONDS * 1000))
    const idleCpu = (cpuSeconds(pid) - idleFrom) / ((performance.now() - idleStart) / 1000)
    await client.query(`UPDATE app_data.position_groups SET busy_until = NULL`)
    await trade("100")
    await until(
      `${LIVE_GROUPS} live groups`,
      async () =>
        (await count(`SELECT count(*) AS n FROM app_data.position_groups WHERE state = 'live'`)) >=
        LIVE_GROUPS
    )
    const tickFrom = cpuSeconds(pid)
    const tickStart = performance.now()
    await new Promise((r) => setTimeout(r, TICK_SECONDS * 1000))
    const tickCpu = (cpuSeconds(pid) - tickFrom) / ((performance.now() - tickStart) / 1000)
    await client.query(
      `UPDATE app_data.position_groups SET state = 'closed', closed_at = now() WHERE state <> 'closed'`
    )

    // The burst: 1,000 alerts at once over 50 bots (20 each), then 100 of them again.
    const burstBots = await seedBots(client, "burst", BURST_BOTS)
    const ids = Array.from({ length: BURST }, (_, i) => `burst-${i}`)
    const started = performance.now()
    const statuses = await Promise.all(
      ids.map((id, i) => alert(port, burstBots[i % BURST_BOTS] as Bot, id).then((r) => r.status))
    )
    const burstSeconds = (performance.now() - started) / 1000
    const repeats = await Promise.all(
      ids
        .slice(0, 100)
        .map((id, i) =>
          alert(port, burstBots[i % BURST_BOTS] as Bot, id).then(
            async (r) => ((await r.json()) as { duplicate: boolean }).duplicate
          )
        )
    )
    await until(
      "every burst signal acted on",
      async () =>
        (await count(
          `SELECT count(*) AS n FROM app_data.execution_signals
           WHERE dedupe_key LIKE 'burst-%' AND state = 'received'`
        )) === 0
    )
    const stored = await count(
      `SELECT count(*) AS n FROM app_data.execution_signals WHERE dedupe_key LIKE 'burst-%'`
    )
    const groups = await count(
      `SELECT count(*) AS n FROM app_data.position_groups WHERE bot_id = ANY($1::uuid[])`,
      [burstBots.map((b) => b.id)]
    )
    const orders = await count(
      `SELECT count(*) AS n FROM app_data.group_orders o JOIN app_data.position_groups g
         ON g.id = o.group_id WHERE g.bot_id = ANY($1::uuid[]) AND o.role IN ('base', 'safety')`,
      [burstBots.map((b) => b.id)]
    )
    const f = (n: number, d = 1) => n.toFixed(d)
    console.log(`
  Execution engine (paper exchange, one replica, ${process.version})
    alert answered (202), p50 / p99        ${f(percentile(sortedAnswers, 50))} / ${f(percentile(sortedAnswers, 99))} ms
    alert to base order placed, p50 / p99  ${f(percentile(placed, 50))} / ${f(percentile(placed, 99))} ms   target p99 <= 500 ms
    CPU with no groups                     ${f(idleCpu * 100, 2)} % of one core
    CPU with ${LIVE_GROUPS} live groups ticking       ${f(tickCpu * 100, 2)} % of one core (${f((tickCpu - idleCpu) * 100, 2)} % for the groups)   target <= 5 %
    burst of ${BURST} alerts                     ${f(burstSeconds, 2)} s, ${statuses.filter((s) => s === 202).length} answered 202
      stored once each                     ${stored} of ${BURST}; ${repeats.filter(Boolean).length} of 100 repeats answered duplicate
      acted on once each                   ${groups} groups for ${BURST_BOTS} bots, ${orders} grid orders (${BURST_BOTS * 3} expected)
  `)
  } finally {
    server?.kill("SIGTERM")
    await client.end()
    await pipeline.end()
  }
}
