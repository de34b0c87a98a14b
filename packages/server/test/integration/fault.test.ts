import { execFileSync } from "node:child_process"
import { readFileSync, rmSync } from "node:fs"
import { join, resolve } from "node:path"
import { Duration, Effect, Redacted } from "effect"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { loadOrCreateDevSecrets } from "../../src/dev/DevSecrets.js"
import { openLocalDatabase } from "../../src/dev/LocalDatabase.js"
import { loadSampleMarket } from "../../src/dev/MarketFeed.js"
import { makeClient, randomClientIp } from "../support/client.js"
import { freePort } from "../support/freePort.js"
import { type Call, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"

const ROOT = resolve(import.meta.dirname, "../../../..")
const DEADLINE_MS = 1000
const PAUSE_MS = 3000
const WRITERS = 4

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The postmaster and every process it started: PostgreSQL puts each in a group of its own. */
const clusterOf = (postmaster: number) => [
  postmaster,
  ...execFileSync("pgrep", ["-P", String(postmaster)], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line !== "")
    .map(Number)
]
const signal = (pids: ReadonlyArray<number>, name: NodeJS.Signals) => {
  for (const pid of pids) process.kill(pid, name)
}

/**
 * Writers keep recording transactions, each with an Idempotency-Key kept until it is
 * acknowledged, while this test's own PostgreSQL is paused (SIGSTOP of its whole process group)
 * for longer than the request deadline, then resumed.
 */
describe("a database that stops answering for a while", () => {
  const dir = join(ROOT, ".data", `fault-${process.pid}`)
  let db: Awaited<ReturnType<typeof openLocalDatabase>>
  let server: TestServer
  let call: Call

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    db = await openLocalDatabase({
      dataDir: join(dir, "postgres"),
      port: await freePort(),
      database: "trading_fault",
      secrets: loadOrCreateDevSecrets(dir),
      marketDataSchema: "market_data"
    })
    await Effect.runPromise(
      loadSampleMarket(db.pipelineUrl, "market_data", Date.now(), {
        hourlyDays: 2,
        minuteDays: 0,
        tradeMinutes: 5,
        seed: 3
      })
    )
    server = await startTestServer({
      databaseUrl: db.appUrl,
      requestDeadline: Duration.millis(DEADLINE_MS),
      dbConnectTimeout: Duration.millis(500)
    })
    call = makeClient(server.baseUrl, randomClientIp())
  }, 120_000)

  afterAll(async () => {
    await server?.close()
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("keeps every acknowledged write exactly once, answers 503 with Retry-After, never 500, and recovers by itself", async () => {
    const user = await signUp(call, "fault")
    const portfolioId = (await call("GET", "/api/portfolios", { token: user.token })).body.items[0]
      .id as string
    const postmaster = Number(
      readFileSync(join(dir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]
    )
    const statuses = new Map<number, number>()
    const problems: Array<string> = []
    const acknowledged = new Map<string, string>()
    let stopAt = Number.POSITIVE_INFINITY
    let resumedAt = Number.POSITIVE_INFINITY
    let recoveredAt = Number.POSITIVE_INFINITY

    const writer = async (w: number) => {
      for (let n = 0; Date.now() < stopAt; n++) {
        const key = `fault-${w}-${n}`
        // The same write, retried with its key until it is acknowledged.
        for (;;) {
          const res = await call("POST", "/api/transactions", {
            token: user.token,
            headers: { "idempotency-key": key },
            body: {
              portfolioId,
              symbol: "AAPL",
              type: "buy",
              quantity: "1",
              price: String(100 + w),
              currency: "USD",
              executedAt: "2026-01-05T15:00:00Z",
              note: key
            }
          }).catch((error: Error) => ({ status: 0, headers: new Headers(), body: String(error) }))
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          if (res.status === 201) {
            if (Date.now() > resumedAt) recoveredAt = Math.min(recoveredAt, Date.now())
            acknowledged.set(key, res.body.id)
            break
          }
          if (res.status !== 503) problems.push(`${res.status} ${JSON.stringify(res.body)}`)
          else if (res.headers.get("retry-after") === null)
            problems.push("a 503 without Retry-After")
          await sleep(50)
        }
      }
    }

    const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
    try {
      await sleep(1000)
      const cluster = clusterOf(postmaster)
      signal(cluster, "SIGSTOP")
      const pausedAt = Date.now()
      try {
        await sleep(300)
        // The process answers while its database does not; readiness says so within its timeout.
        expect((await call("GET", "/api/health")).status).toBe(200)
        const started = Date.now()
        const ready = await call("GET", "/api/health/ready")
        expect(ready.status).toBe(503)
        expect(Date.now() - started).toBeLessThan(3000)
        await sleep(Math.max(0, PAUSE_MS - (Date.now() - pausedAt)))
      } finally {
        signal(cluster, "SIGCONT")
      }
      resumedAt = Date.now()
      await sleep(2000)
    } finally {
      stopAt = Date.now()
      await writing
    }

    const owner = new pg.Client({ connectionString: Redacted.value(db.ownerUrl) })
    await owner.connect()
    const { rows } = await owner.query<{ note: string; id: string; n: number }>(
      `SELECT note, min(id::text) AS id, count(*)::int AS n FROM app_data.user_transactions
       WHERE user_id = $1 GROUP BY note`,
      [user.userId]
    )
    await owner.end()
    const found = new Map(rows.map((r) => [r.note, r]))
    const duplicated = rows.filter((r) => r.n > 1).length
    const missing = [...acknowledged].filter(([key, id]) => found.get(key)?.id !== id).length
    console.log(
      `Fault test: paused ${PAUSE_MS} ms (deadline ${DEADLINE_MS} ms); answers ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}; ` +
        `${acknowledged.size} writes acknowledged, ${rows.length} found, ${missing} missing, ${duplicated} duplicated; ` +
        `first write acknowledged ${recoveredAt - resumedAt} ms after the database returned`
    )
    expect(problems).toEqual([])
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0)
    expect(missing).toBe(0)
    expect(duplicated).toBe(0)
    expect(rows.length).toBe(acknowledged.size)
    expect(recoveredAt - resumedAt).toBeLessThan(1000)
  }, 60_000)
})
