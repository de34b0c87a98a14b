// Jobs through PgBouncer (transaction pooling): how many no-op jobs one worker process completes
// a second from a full queue, and how long an idle worker takes to start a job after it is sent.
import { execFileSync } from "node:child_process"
import { join } from "node:path"
import { Effect, Redacted } from "effect"
import pg from "pg"
import PgBoss from "pg-boss"
import { grantAppRole } from "../src/Database/Roles.js"
import { APP_ROLE, OWNER_ROLE } from "../src/dev/LocalDatabase.js"
import { JOBS_SCHEMA } from "../src/Jobs/JobDefinition.js"
import { provisionJobs } from "../src/Jobs/Provision.js"
import { freePort } from "../test/support/freePort.js"
import { startPgBouncer } from "../test/support/PgBouncer.js"
import { startWorkerProcess } from "../test/support/workerProcess.js"
import { benchJob } from "./jobsWorker.js"

const JOBS = Number(process.env.BENCH_JOBS ?? 20_000)
const PICKUPS = 40

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN

export const benchJobs = async (options: {
  readonly dir: string
  readonly pgPort: number
  readonly ownerUrl: Redacted.Redacted<string>
  readonly appUrl: Redacted.Redacted<string>
  readonly ownerPassword: string
  readonly appPassword: string
}) => {
  try {
    execFileSync("pgbouncer", ["--version"], { stdio: "ignore" })
  } catch {
    console.log("\n  Jobs benchmark skipped: pgbouncer is not installed (apt install pgbouncer)\n")
    return
  }
  await Effect.runPromise(provisionJobs(options.ownerUrl, [benchJob]))
  await Effect.runPromise(grantAppRole(options.ownerUrl, APP_ROLE))
  const port = await freePort()
  const bouncer = await startPgBouncer({
    dir: join(options.dir, "pgbouncer"),
    port,
    upstreamPort: options.pgPort,
    users: [
      { name: APP_ROLE, password: options.appPassword },
      { name: OWNER_ROLE, password: options.ownerPassword }
    ],
    sessionEntry: { name: "bench_session", database: "bench" }
  })
  const viaBouncer = Redacted.value(options.appUrl).replace(`:${options.pgPort}/`, `:${port}/`)
  const pool = new pg.Pool({ connectionString: viaBouncer, max: 4 })
  const sender = new PgBoss({
    db: { executeSql: (text, values) => pool.query(text, values) },
    schema: JOBS_SCHEMA,
    migrate: false,
    supervise: false,
    schedule: false
  })
  await sender.start()
  const worker = startWorkerProcess("bench/jobsWorker.ts", { DATABASE_URL: viaBouncer })
  const pickUps = () => worker.lines.map((line) => line.pickUp as number)
  const completed = async () => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = $1 AND state = 'completed'`,
      [benchJob.name]
    )
    return rows[0]!.n
  }
  try {
    while (!worker.isReady()) await new Promise((r) => setTimeout(r, 100))
    console.log(`Jobs: ${JOBS} jobs through PgBouncer to one worker process...`)
    // Throughput: the queue filled in bulk, timed from the first insert to the last completion.
    const started = performance.now()
    for (let i = 0; i < JOBS; i += 1000) {
      const batch = Math.min(1000, JOBS - i)
      await sender.insert(Array.from({ length: batch }, () => ({ name: benchJob.name, data: {} })))
    }
    while ((await completed()) < JOBS) await new Promise((r) => setTimeout(r, 50))
    const seconds = (performance.now() - started) / 1000
    // Pick-up: single jobs sent to the idle worker at uneven moments.
    for (let i = 0; i < PICKUPS; i++) {
      await new Promise((r) => setTimeout(r, 150 + ((i * 137) % 400)))
      await sender.send(benchJob.name, { sentAt: Date.now() })
    }
    const deadline = Date.now() + 10_000
    while (pickUps().length < PICKUPS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50))
    const sorted = pickUps().sort((a, b) => a - b)
    const f = (n: number, d = 0) => n.toFixed(d)
    console.log(`
  Jobs through PgBouncer (transaction pooling), one worker process (batches of ${benchJob.settings.batchSize}, ${benchJob.settings.workers} loops)
                                             figure     target
    jobs completed per second        ${f(JOBS / seconds).padStart(14)}     >= 500
    pick-up after send p50 (ms)      ${f(percentile(sorted, 50)).padStart(14)}
    pick-up after send p99 (ms)      ${f(percentile(sorted, 99)).padStart(14)}     <= 1000
    pick-ups seen                    ${`${pickUps().length} of ${PICKUPS}`.padStart(14)}
  `)
  } finally {
    worker.child.kill("SIGTERM")
    await sender.stop({ graceful: false, close: false })
    await pool.end()
    bouncer.kill("SIGTERM")
  }
}
