// A worker process for the cross-process tests: runs the `test-claims` queue (prints a line for
// every job it runs, 100 ms after it starts) and the `test-crash` queue (records the job's effect idempotently, prints a
// line, then with CRASH_HOLD=1 holds the job until the process is killed). Prints "ready" once
// it takes jobs. DATABASE_URL names the database.
import { pathToFileURL } from "node:url"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Logger, LogLevel, Redacted, Schema } from "effect"
import { AppConfigTest } from "../../src/AppConfig.js"
import { DatabaseLive } from "../../src/Database/Database.js"
import { defineJob } from "../../src/Jobs/JobDefinition.js"
import { JobQueue } from "../../src/Jobs/JobQueue.js"
import { handle, runWorkers } from "../../src/Jobs/Workers.js"

export const claimsJob = defineJob({
  name: "test-claims",
  payload: Schema.Struct({ key: Schema.String }),
  settings: { batchSize: 20 }
})

/** Expires after 2 s of running: a job whose process died is retried soon after. */
export const crashJob = defineJob({
  name: "test-crash",
  payload: Schema.Struct({ key: Schema.String }),
  settings: { expireInSeconds: 2, retryDelaySeconds: 0, retryBackoff: false }
})

/** Where the crash job's effect lands, one row per key (created by the test). */
export const CRASH_EFFECTS = "app_data.test_job_effects"

const print = (line: object) =>
  Effect.sync(() => process.stdout.write(`${JSON.stringify({ ...line, pid: process.pid })}\n`))

// Each job takes 100 ms: a worker cannot drain the queue before the other's next poll (0.5 s),
// so the test of sharing sees both at work.
const ran = handle(claimsJob, ({ key }) =>
  Effect.zipRight(Effect.sleep("100 millis"), print({ ran: key }))
)

const crash = handle(crashJob, ({ key }, job) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    // Idempotent: a re-run after a crash finds the row and changes nothing.
    yield* sql`INSERT INTO ${sql(CRASH_EFFECTS)} (key) VALUES (${key})
      ON CONFLICT (key) DO NOTHING`.pipe(Effect.orDie)
    yield* print({ effect: key, retryCount: job.retryCount })
    if (process.env.CRASH_HOLD === "1") yield* Effect.never
  })
)

// Run as a program (not when the test imports the definition).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const layer = Layer.scopedDiscard(
    Effect.zipRight(
      runWorkers([ran, crash]),
      Effect.sync(() => process.stdout.write("ready\n"))
    )
  ).pipe(
    Layer.provide(JobQueue.Default),
    Layer.provide(DatabaseLive),
    Layer.provide(AppConfigTest({ databaseUrl: Redacted.make(process.env.DATABASE_URL ?? "") })),
    Layer.provide(Logger.minimumLogLevel(LogLevel.Error))
  )
  Effect.runFork(Layer.launch(layer))
}
