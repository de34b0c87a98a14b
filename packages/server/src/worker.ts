// `pnpm worker`: a process that only runs background jobs (no HTTP), to add workers apart from the
// app's replicas. It takes the app's settings (DATABASE_URL is required: the database the app
// uses) and runs the workers whatever JOB_WORKERS says. It serves /metrics on METRICS_PORT.
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { AppConfig, appConfig, exitOnConfigError } from "./AppConfig.js"
import { configProvider } from "./ConfigProvider.js"
import { DatabaseLive } from "./Database/Database.js"
import { JobsLive } from "./Jobs/JobsLive.js"
import { Librarian } from "./Librarian/Librarian.js"
import { LoggerLive } from "./Logging.js"
import { SystemLogLive } from "./Logs/SystemLog.js"
import { MetricsServerLive } from "./Observability/MetricsServer.js"
import { ReplicaReporterLive } from "./Operations/ReplicaReporter.js"

const WorkerConfig = Layer.effect(
  AppConfig,
  Effect.map(appConfig, (config) => ({ ...config, jobWorkers: true }))
)

const program = Effect.gen(function* () {
  yield* Effect.logInfo("Running the background jobs' workers")
  return yield* Layer.launch(
    Layer.provide(
      Layer.mergeAll(
        JobsLive.pipe(Layer.provide(Librarian.Default)),
        MetricsServerLive,
        ReplicaReporterLive("worker")
      ).pipe(Layer.provide(SystemLogLive)),
      DatabaseLive
    ).pipe(Layer.provide(WorkerConfig))
  )
}).pipe(
  Effect.withConfigProvider(configProvider()),
  exitOnConfigError("The worker"),
  Effect.provide(LoggerLive)
)

NodeRuntime.runMain(program, { disablePrettyLogger: true })
