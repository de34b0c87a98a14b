import { spawn } from "node:child_process"
import { resolve } from "node:path"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Logger, LogLevel, ManagedRuntime, Option, Redacted, Schema } from "effect"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { AppConfigTest } from "../../src/AppConfig.js"
import { DatabaseLive } from "../../src/Database/Database.js"
import { grantAppRole, roleOf } from "../../src/Database/Roles.js"
import { housekeepingHandler, housekeepingJob } from "../../src/Housekeeping/Housekeeping.js"
import { HousekeepingRepo } from "../../src/Housekeeping/HousekeepingRepo.js"
import { deadLetterOf, defineJob } from "../../src/Jobs/JobDefinition.js"
import { JobQueue } from "../../src/Jobs/JobQueue.js"
import { provisionJobs } from "../../src/Jobs/Provision.js"
import { handle, runWorkers } from "../../src/Jobs/Workers.js"
import { CRASH_EFFECTS, claimsJob, crashJob } from "../support/claimsWorker.js"
import * as testDb from "../support/databases.js"
import { startWorkerProcess } from "../support/workerProcess.js"

// A job that fails its first `failTimes` runs; every run is recorded here.
const probe = defineJob({
  name: "test-probe",
  payload: Schema.Struct({ key: Schema.String, failTimes: Schema.Number }),
  settings: { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false }
})
const runs: Array<{ key: string; retryCount: number; at: number }> = []
const probeHandler = handle(probe, ({ key, failTimes }, job) =>
  Effect.suspend(() => {
    runs.push({ key, retryCount: job.retryCount, at: Date.now() })
    return job.retryCount < failTimes ? Effect.fail("a planned failure") : Effect.void
  })
)
const runsOf = (key: string) => runs.filter((r) => r.key === key)

const ownerUrl = Redacted.make(testDb.ownerUrl)
const databaseUrl = Redacted.make(testDb.databaseUrl)
const layer = Layer.scopedDiscard(runWorkers([probeHandler, housekeepingHandler])).pipe(
  Layer.provide(HousekeepingRepo.Default),
  Layer.provideMerge(JobQueue.Default),
  Layer.provideMerge(DatabaseLive),
  Layer.provide(AppConfigTest({ databaseUrl })),
  Layer.provide(Logger.minimumLogLevel(LogLevel.Error))
)
let runtime: ManagedRuntime.ManagedRuntime<JobQueue | SqlClient.SqlClient, unknown>

const until = async (what: string, done: () => boolean | Promise<boolean>, ms = 15_000) => {
  const deadline = Date.now() + ms
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
const query = <A extends object>(text: string, values: Array<unknown> = []) =>
  runtime.runPromise(
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe<A>(text, values))
  ) as Promise<ReadonlyArray<A>>
const ownerQuery = async (text: string) => {
  const client = new pg.Client({ connectionString: Redacted.value(ownerUrl) })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
const appRole = Option.getOrThrow(roleOf(databaseUrl))

/** A worker process of test/support/claimsWorker.ts. */
const startClaimsWorker = (env: Record<string, string> = {}) =>
  startWorkerProcess("test/support/claimsWorker.ts", {
    ...env,
    DATABASE_URL: Redacted.value(databaseUrl)
  })
const send = (payload: typeof probe.payload.Type, options = {}) =>
  runtime.runPromise(Effect.flatMap(JobQueue, (q) => q.send(probe, payload, options)))

beforeAll(async () => {
  await Effect.runPromise(provisionJobs(ownerUrl, [probe, claimsJob, crashJob]))
  await Effect.runPromise(grantAppRole(ownerUrl, appRole))
  runtime = ManagedRuntime.make(layer)
  await runtime.runPromise(Effect.void)
})
afterAll(() => runtime.dispose())

describe("background jobs", () => {
  it("a job sent in a transaction that rolls back never runs; one that commits runs once", async () => {
    const inTransaction = (key: string, commit: boolean) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const queue = yield* JobQueue
          yield* sql.withTransaction(
            Effect.zipRight(
              queue.send(probe, { key, failTimes: 0 }),
              commit ? Effect.void : Effect.fail("rolled back")
            )
          )
        }).pipe(Effect.either)
      )
    await inTransaction("rolled-back", false)
    await inTransaction("committed", true)
    await until("the committed job", () => runsOf("committed").length === 1)
    await new Promise((r) => setTimeout(r, 1500))
    expect(runsOf("committed")).toHaveLength(1)
    expect(runsOf("rolled-back")).toHaveLength(0)
    const stored = await query<{ n: string }>(
      "SELECT count(*)::text AS n FROM pgboss.job WHERE name = 'test-probe' AND data->>'key' = 'rolled-back'"
    )
    expect(stored[0]!.n).toBe("0")
  })

  it("a failing job is retried after its delay, then moved to the dead-letter queue", async () => {
    await send({ key: "flaky", failTimes: 1 })
    await send({ key: "doomed", failTimes: 99 })
    await until(
      "both runs of each",
      () => runsOf("flaky").length === 2 && runsOf("doomed").length === 2
    )
    const [first, second] = runsOf("doomed")
    expect([first!.retryCount, second!.retryCount]).toEqual([0, 1])
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900)
    await until("the dead letter", async () => {
      const rows = await query<{ key: string }>(
        `SELECT data->>'key' AS key FROM pgboss.job WHERE name = $1`,
        [deadLetterOf("test-probe")]
      )
      return rows.some((r) => r.key === "doomed")
    })
    // pg-boss marks a batch's jobs completed once the handler returns: wait for that write.
    const states = () =>
      query<{ key: string; state: string }>(
        "SELECT data->>'key' AS key, state::text FROM pgboss.job WHERE name = 'test-probe' AND data->>'key' IN ('flaky', 'doomed') ORDER BY 1"
      )
    await until("the final states", async () =>
      (await states()).every((s) => s.state === "failed" || s.state === "completed")
    )
    expect(await states()).toEqual([
      { key: "doomed", state: "failed" },
      { key: "flaky", state: "completed" }
    ])
  })

  it("a singleton key lets one job through per window; a delayed job waits for its time", async () => {
    const options = { singletonKey: "only-one", singletonSeconds: 60 }
    expect(await send({ key: "single", failTimes: 0 }, options)).toEqual(expect.any(String))
    expect(await send({ key: "single", failTimes: 0 }, options)).toBeNull()
    const startAfter = new Date(Date.now() + 2000)
    await send({ key: "later", failTimes: 0 }, { startAfter })
    await until("the delayed job", () => runsOf("later").length === 1)
    expect(runsOf("later")[0]!.at).toBeGreaterThanOrEqual(startAfter.getTime())
    await until("the singleton job", () => runsOf("single").length === 1)
  })

  it("housekeeping forgets old sign-in attempts, long-ended sessions, old request counts and log entries past their retention, and nothing else", async () => {
    const [user] = await query<{ id: string }>(
      `INSERT INTO app_data.users (email, password_hash, terms_version, terms_accepted_at)
       VALUES ('housekeeping@example.com', 'x', 'test', now()) RETURNING id`
    )
    await query(
      `INSERT INTO app_data.auth_sessions (user_id, created_at, expires_at, revoked_at) VALUES
         ($1, now() - interval '100 days', now() - interval '31 days', NULL),
         ($1, now() - interval '40 days', now() + interval '50 days', now() - interval '31 days'),
         ($1, now() - interval '40 days', now() - interval '29 days', NULL),
         ($1, now(), now() + interval '1 day', NULL)`,
      [user!.id]
    )
    await query(
      `INSERT INTO app_data.login_attempts (email, ip, succeeded, attempted_at) VALUES
         ('housekeeping@example.com', '192.0.2.1', false, now() - interval '25 hours'),
         ('housekeeping@example.com', '192.0.2.1', false, now() - interval '23 hours')`
    )
    // The minute now is kept for two minutes more, however late housekeeping runs in a busy suite.
    await query(
      `INSERT INTO app_data.api_request_counts (user_id, window_start, count) VALUES
         ($1, date_trunc('minute', now()) - interval '3 minutes', 7),
         ($1, date_trunc('minute', now()), 5)`,
      [user!.id]
    )
    // Retention: audit 90 days, system log 30 days (the defaults).
    await query(
      `INSERT INTO app_data.audit_log (user_id, action, created_at) VALUES
         ($1, 'login_succeeded', now() - interval '91 days'),
         ($1, 'logout', now() - interval '89 days')`,
      [user!.id]
    )
    await query(
      `INSERT INTO app_data.system_log (level, category, message, user_id, replica, created_at) VALUES
         ('error', 'system', 'old', $1, 'test', now() - interval '31 days'),
         ('warning', 'system', 'recent', $1, 'test', now() - interval '29 days')`,
      [user!.id]
    )
    await runtime.runPromise(Effect.flatMap(JobQueue, (q) => q.send(housekeepingJob, {})))
    const left = () =>
      query<{ sessions: string; attempts: string; counts: string; audit: string; system: string }>(
        `SELECT (SELECT count(*) FROM app_data.auth_sessions WHERE user_id = $1)::text AS sessions,
           (SELECT count(*) FROM app_data.login_attempts WHERE email = 'housekeeping@example.com')::text AS attempts,
           (SELECT string_agg(count::text, ',') FROM app_data.api_request_counts WHERE user_id = $1) AS counts,
           (SELECT string_agg(action, ',') FROM app_data.audit_log WHERE user_id = $1) AS audit,
           (SELECT string_agg(message, ',') FROM app_data.system_log WHERE user_id = $1) AS system`,
        [user!.id]
      )
    // The logs are pruned last: once they are, every step has run.
    await until("housekeeping", async () => {
      const row = (await left())[0]!
      return row.audit === "logout" && row.system === "recent"
    })
    expect((await left())[0]).toEqual({
      sessions: "2",
      attempts: "1",
      counts: "5",
      audit: "logout",
      system: "recent"
    })
  })

  it("`pnpm worker` runs the jobs in a process of its own and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
      cwd: resolve(import.meta.dirname, "../.."),
      env: {
        ...process.env,
        DATABASE_URL: Redacted.value(databaseUrl),
        JWT_SECRET: inject("jwtSecret"),
        METRICS_PORT: "0",
        LOG_FORMAT: "json"
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()))
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()))
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
    try {
      await until(
        "the worker",
        () => output.includes("Running the background jobs' workers"),
        30_000
      )
      await query(
        `INSERT INTO app_data.login_attempts (email, ip, succeeded, attempted_at)
         VALUES ('worker-process@example.com', '192.0.2.2', false, now() - interval '2 days')`
      )
      // This test's own workers are stopped: only the worker process can run the job.
      await runtime.dispose()
      runtime = ManagedRuntime.make(
        JobQueue.Default.pipe(
          Layer.provideMerge(DatabaseLive),
          Layer.provide(AppConfigTest({ databaseUrl })),
          Layer.provide(Logger.minimumLogLevel(LogLevel.Error))
        )
      )
      await runtime.runPromise(Effect.flatMap(JobQueue, (q) => q.send(housekeepingJob, {})))
      await until("the worker process's housekeeping", async () => {
        const rows = await query<{ n: string }>(
          "SELECT count(*)::text AS n FROM app_data.login_attempts WHERE email = 'worker-process@example.com'"
        )
        return rows[0]!.n === "0"
      })
      // Its own /metrics: what it ran (counted once the job's last step is done), and every
      // queue's backlog.
      const port = /Metrics on http:\/\/[^:]+:(\d+)\/metrics/.exec(output)?.[1]
      const read = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
      const completed = 'jobs_processed_total{queue="housekeeping",outcome="completed"} 1'
      await until("the job counted as completed", async () => (await read()).includes(completed))
      const metrics = await read()
      expect(metrics).toContain(completed)
      expect(metrics).toMatch(/^job_queue_waiting\{queue="test-probe"\} \d+$/m)
      expect(metrics).toMatch(/^job_queue_oldest_waiting_seconds\{queue="housekeeping"\} [\d.]+$/m)
      expect(metrics).not.toContain("librarian_breaker_state")
    } finally {
      child.kill("SIGTERM")
    }
    expect(await exited).toBe(0)
  }, 60_000)

  it("two worker processes share a queue: every job runs once, in one of them", async () => {
    const workers = [startClaimsWorker(), startClaimsWorker()]
    try {
      await until("both workers", () => workers.every((w) => w.isReady()), 30_000)
      const keys = Array.from({ length: 200 }, (_, i) => `claim-${i}`)
      await runtime.runPromise(
        Effect.flatMap(JobQueue, (q) =>
          Effect.forEach(keys, (key) => q.send(claimsJob, { key }), { concurrency: 8 })
        )
      )
      const runsByKey = () => {
        const runs = new Map<string, Array<number>>()
        for (const w of workers)
          for (const line of w.lines)
            if (typeof line.ran === "string")
              runs.set(line.ran, [...(runs.get(line.ran) ?? []), line.pid as number])
        return runs
      }
      await until("every job", () => runsByKey().size === keys.length, 30_000)
      // A while longer: a job claimed twice would show up now.
      await new Promise((r) => setTimeout(r, 1500))
      expect([...runsByKey().values()].filter((pids) => pids.length !== 1)).toEqual([])
      const pids = new Set([...runsByKey().values()].map((p) => p[0]))
      expect(pids).toEqual(new Set(workers.map((w) => w.child.pid)))
    } finally {
      for (const { child } of workers) child.kill("SIGTERM")
    }
  }, 90_000)

  it("a job whose worker is killed mid-run runs again elsewhere; its idempotent effect happens once", async () => {
    await ownerQuery(`CREATE TABLE IF NOT EXISTS ${CRASH_EFFECTS} (key text PRIMARY KEY)`)
    await ownerQuery(`GRANT SELECT, INSERT ON ${CRASH_EFFECTS} TO ${appRole}`)
    const doomed = startClaimsWorker({ CRASH_HOLD: "1" })
    let survivor: ReturnType<typeof startClaimsWorker> | undefined
    try {
      await until("the first worker", doomed.isReady, 30_000)
      const jobId = await runtime.runPromise(
        Effect.flatMap(JobQueue, (q) => q.send(crashJob, { key: "crash-1" }))
      )
      await until("the effect", () => doomed.lines.some((l) => l.effect === "crash-1"))
      doomed.child.kill("SIGKILL")
      survivor = startClaimsWorker()
      const rerun = () => survivor!.lines.find((l) => l.effect === "crash-1")
      await until("the re-run", () => rerun() !== undefined, 30_000)
      expect(rerun()!.retryCount).toBe(1)
      await until("the job to complete", async () => {
        const [job] = await query<{ state: string }>("SELECT state FROM pgboss.job WHERE id = $1", [
          jobId
        ])
        return job?.state === "completed"
      })
      expect(await query(`SELECT key FROM ${CRASH_EFFECTS}`)).toEqual([{ key: "crash-1" }])
    } finally {
      doomed.child.kill("SIGKILL")
      survivor?.child.kill("SIGTERM")
    }
  }, 90_000)
})
