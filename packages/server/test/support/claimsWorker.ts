// A worker process for the cross-process claims test: runs the `test-claims` queue and prints a
// line for every job it runs, then "ready" once it takes jobs. DATABASE_URL names the database.
import { pathToFileURL } from "node:url"
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

const ran = handle(claimsJob, ({ key }) =>
  Effect.sync(() => process.stdout.write(`${JSON.stringify({ ran: key, pid: process.pid })}\n`))
)

// Run as a program (not when the test imports the definition).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const layer = Layer.scopedDiscard(
    Effect.zipRight(
      runWorkers([ran]),
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
