// Event streams on one replica (the bundled server): the memory 2,000 idle streams take, how
// long an event takes from its transaction's commit to its streams, and a resume after a drop.
import type { ChildProcess } from "node:child_process"
import { request } from "node:http"
import { join, resolve } from "node:path"
import pg from "pg"
import { freePort } from "../test/support/freePort.js"
import { rssMb, startNode } from "./processes.js"
import { accessToken } from "./seed.js"

const SERVER_DIR = resolve(import.meta.dirname, "..")
const STREAMS = Number(process.env.BENCH_STREAMS ?? 2000)
const PER_USER = 10
const WRITES = 200

interface Stream {
  readonly userIndex: number
  readonly close: () => void
  /** Event id → when it arrived. */
  readonly arrivals: Map<string, number>
  readonly changes: Array<{ id: string; at: number }>
}

/** Users with a portfolio and a live session each, straight into the database. */
const seedUsers = async (ownerUrl: string, jwtSecret: string, users: number) => {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    const rows = await client.query<{ userId: string; sessionId: string; portfolioId: string }>(
      `WITH u AS (
         INSERT INTO app_data.users (email, password_hash, terms_version, terms_accepted_at)
         SELECT 'events-' || i || '@example.com', 'not used', 'bench', now()
         FROM generate_series(1, $1::int) i RETURNING id),
       p AS (INSERT INTO app_data.user_portfolios (user_id, name, base_currency)
             SELECT id, 'Events', 'USD' FROM u RETURNING id, user_id),
       s AS (INSERT INTO app_data.auth_sessions (user_id, expires_at)
             SELECT id, now() + interval '1 day' FROM u RETURNING id, user_id)
       SELECT s.user_id AS "userId", s.id AS "sessionId", p.id AS "portfolioId"
       FROM s JOIN p USING (user_id)`,
      [users]
    )
    return Promise.all(
      rows.rows.map(async (r) => ({
        portfolioId: r.portfolioId,
        token: await accessToken(jwtSecret, r.userId, r.sessionId)
      }))
    )
  } finally {
    await client.end()
  }
}

const post = (port: number, path: string, token: string, body?: object) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body)
  })

const openStream = async (
  port: number,
  token: string,
  userIndex: number,
  lastEventId?: string
): Promise<Stream> => {
  const { ticket } = (await (await post(port, "/api/events/ticket", token)).json()) as {
    ticket: string
  }
  const arrivals = new Map<string, number>()
  const changes: Array<{ id: string; at: number }> = []
  return new Promise((done, fail) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: `/api/events?ticket=${ticket}`,
        headers: lastEventId ? { "last-event-id": lastEventId } : {},
        agent: false
      },
      (res) => {
        if (res.statusCode !== 200) return fail(new Error(`stream answered ${res.statusCode}`))
        let buffer = ""
        res.setEncoding("utf8")
        res.on("data", (text: string) => {
          const at = performance.now()
          buffer += text
          let end = buffer.indexOf("\n\n")
          while (end >= 0) {
            const id = /^id: (.+)$/m.exec(buffer.slice(0, end))?.[1]
            if (id !== undefined && buffer.slice(0, end).includes("transactions.changed")) {
              arrivals.set(id, at)
              changes.push({ id, at })
            }
            buffer = buffer.slice(end + 2)
            end = buffer.indexOf("\n\n")
          }
        })
        res.on("error", () => {})
        done({ userIndex, arrivals, changes, close: () => req.destroy() })
      }
    )
    req.on("error", fail)
    req.end()
  })
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN

const buy = (i: number, portfolioId: string) => ({
  portfolioId,
  symbol: "AAPL",
  type: "buy",
  quantity: "1",
  price: "100",
  fee: "0",
  currency: "USD",
  executedAt: new Date(Date.now() - 86_400_000 - i * 1000).toISOString()
})

export const benchEvents = async (options: {
  readonly ownerUrl: string
  readonly appUrl: string
  readonly jwtSecret: string
}) => {
  const users = await seedUsers(options.ownerUrl, options.jwtSecret, STREAMS / PER_USER)
  const port = await freePort()
  let server: ChildProcess | undefined
  const streams: Array<Stream> = []
  try {
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
    // Warm: a few streams opened and closed, a few writes.
    for (let i = 0; i < 5; i++) (await openStream(port, users[i]!.token, i)).close()
    await new Promise((r) => setTimeout(r, 2000))
    const before = rssMb("VmRSS", server.pid!)
    console.log(`Events: opening ${STREAMS} streams on one server...`)
    for (let i = 0; i < STREAMS; i += 50)
      streams.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, STREAMS - i) }, (_, j) => {
            const userIndex = Math.floor((i + j) / PER_USER)
            return openStream(port, users[userIndex]!.token, userIndex)
          })
        ))
      )
    // Idle a while (heartbeats, garbage collection), then measure.
    await new Promise((r) => setTimeout(r, 20_000))
    const idle = rssMb("VmRSS", server.pid!)

    // Latency: writes one after another, each timed from its answer (the commit) to each of
    // the writer's ten streams.
    const latencies: Array<number> = []
    for (let w = 0; w < WRITES; w++) {
      const u = (w * 7) % users.length
      const res = await post(
        port,
        "/api/transactions",
        users[u]!.token,
        buy(w, users[u]!.portfolioId)
      )
      const committed = performance.now()
      if (res.status !== 201) throw new Error(`write answered ${res.status}`)
      const mine = streams.filter((s) => s.userIndex === u)
      const counts = mine.map((s) => s.changes.length)
      const deadline = Date.now() + 5000
      while (mine.some((s, k) => s.changes.length === counts[k]) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 2))
      for (const s of mine) {
        const last = s.changes.at(-1)
        if (last !== undefined && last.at >= committed - 1000)
          latencies.push(Math.max(0, last.at - committed))
      }
    }
    const sorted = latencies.sort((a, b) => a - b)

    // Resume: one stream dropped, five writes, reopened after its last event.
    const victim = streams[0]!
    const seen = victim.changes.at(-1)!.id
    victim.close()
    for (let w = 0; w < 5; w++)
      await post(port, "/api/transactions", users[0]!.token, buy(1000 + w, users[0]!.portfolioId))
    // What a stream that stayed open got meanwhile: the events the dropped one missed.
    const others = streams.filter((s) => s !== victim && s.userIndex === 0)[0]!
    const waitUntil = Date.now() + 5000
    while (others.changes.filter((c) => c.id > seen).length < 5 && Date.now() < waitUntil)
      await new Promise((r) => setTimeout(r, 20))
    const missed = others.changes.filter((c) => c.id > seen).map((c) => c.id)
    const resumed = await openStream(port, users[0]!.token, 0, seen)
    streams.push(resumed)
    await new Promise((r) => setTimeout(r, 1500))
    const replayed = resumed.changes.map((c) => c.id)
    const exact = JSON.stringify(replayed) === JSON.stringify(missed)

    const f = (n: number, d = 0) => n.toFixed(d)
    console.log(`
  Event streams on one server (${STREAMS} streams, ${PER_USER} per user, ${process.version})
                                                   figure     target
    RSS before the streams (MB)          ${f(before).padStart(14)}
    RSS with the streams idle (MB)       ${f(idle).padStart(14)}
    added by ${STREAMS} idle streams (MB)   ${f(idle - before).padStart(14)}     <= 150
    commit to stream p50 (ms)            ${f(percentile(sorted, 50)).padStart(14)}
    commit to stream p99 (ms)            ${f(percentile(sorted, 99)).padStart(14)}     <= 1000
    deliveries measured                  ${String(sorted.length).padStart(14)}     (${WRITES} writes x ${PER_USER} streams)
    resume replayed the missed events    ${`${exact ? "exactly" : "NOT exactly"} (${replayed.length} of ${missed.length})`.padStart(14)}
  `)
  } finally {
    for (const s of streams) s.close()
    if (server !== undefined && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r))
      server.kill("SIGTERM")
      await exited
    }
  }
}
