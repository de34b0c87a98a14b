// The jobs benchmark's worker process: runs the `bench-jobs` queue, prints "ready" once it takes
// jobs and, for a job carrying `sentAt`, the milliseconds from its sending to its start.
import { pathToFileURL } from "node:url"
import { Effect, Layer, Logger, LogLevel, Redacted, Schema } from "effect"
import { AppConfigTest } from "../src/AppConfig.js"
import { DatabaseLive } from "../src/Database/Database.js"
import { defineJob } from "../src/Jobs/JobDefinition.js"
import { JobQueue } from "../src/Jobs/JobQueue.js"
import { handle, runWorkers } from "../src/Jobs/Workers.js"

/** A queue tuned for many short jobs: large batches, two fetch loops. */
export const benchJob = defineJob({
  name: "bench-jobs",
  payload: Schema.Struct({ sentAt: Schema.optional(Schema.Number) }),
  settings: { batchSize: 100, workers: 2 }
})

const noted = handle(benchJob, ({ sentAt }) =>
  sentAt === undefined
    ? Effect.void
    : Effect.sync(() =>
        process.stdout.write(`${JSON.stringify({ pickUp: Date.now() - sentAt })}\n`)
      )
)

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const layer = Layer.scopedDiscard(
    Effect.zipRight(
      runWorkers([noted]),
      Effect.sync(() => process.stdout.write("ready\n"))
    )
  ).pipe(
    Layer.provide(JobQueue.Default),
    Layer.provide(DatabaseLive),
    Layer.provide(
      AppConfigTest({ databaseUrl: Redacted.make(process.env.DATABASE_URL ?? ""), dbPoolMax: 10 })
    ),
    Layer.provide(Logger.minimumLogLevel(LogLevel.Error))
  )
  Effect.runFork(Layer.launch(layer))
}
