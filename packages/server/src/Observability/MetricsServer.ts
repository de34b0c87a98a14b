import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { SqlClient } from "@effect/sql"
import type { QueueStats } from "@trading-app/domain"
import { Context, Effect, Layer, Option, Runtime } from "effect"
import { AppConfig } from "../AppConfig.js"
import { DbPool } from "../Database/Database.js"
import { queueStats } from "../Jobs/QueueStats.js"
import { Librarian } from "../Librarian/Librarian.js"
import { prometheusText } from "./Metrics.js"

/** Where /metrics listens. */
export class MetricsServer extends Context.Tag("MetricsServer")<
  MetricsServer,
  { readonly port: number }
>() {}

const queueGauges = (stats: ReadonlyArray<QueueStats>) => {
  const gauge = (name: string, help: string, value: (s: QueueStats) => number) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} gauge`,
    ...stats.map((s) => `${name}{queue="${s.queue}"} ${value(s)}`)
  ]
  return [
    ...gauge("job_queue_waiting", "Jobs due and not yet taken, by queue", (s) => s.waiting),
    ...gauge("job_queue_scheduled", "Jobs queued for later, by queue", (s) => s.scheduled),
    ...gauge("job_queue_active", "Jobs running, by queue", (s) => s.active),
    ...gauge("job_queue_failed", "Jobs failed for the last time, by queue", (s) => s.failed),
    ...gauge(
      "job_queue_oldest_waiting_seconds",
      "How long the oldest due job has waited, by queue",
      (s) => s.oldestWaitingSeconds
    )
  ]
}

const breakerGauge = (breaker: string) => [
  "# HELP librarian_breaker_state The Librarian circuit breaker's state (1 for the current one)",
  "# TYPE librarian_breaker_state gauge",
  ...(["closed", "open", "half-open"] as const).map(
    (state) => `librarian_breaker_state{state="${state}"} ${breaker === state ? 1 : 0}`
  )
]

/**
 * Figures read at scrape time: the database pool, the job queues' backlog (left out when the
 * database does not answer) and, in the app, the Librarian's circuit breaker.
 */
const scrapeGauges = Effect.gen(function* () {
  const pool = yield* DbPool
  const librarian = yield* Effect.serviceOption(Librarian)
  const breaker = Option.isSome(librarian) ? yield* librarian.value.breaker : undefined
  const queues = yield* queueStats.pipe(
    Effect.timeout("2 seconds"),
    Effect.orElseSucceed(() => undefined)
  )
  return [
    "# HELP db_pool_connections Connections of the application's pool, by state",
    "# TYPE db_pool_connections gauge",
    `db_pool_connections{state="total"} ${pool.totalCount}`,
    `db_pool_connections{state="idle"} ${pool.idleCount}`,
    "# HELP db_pool_waiting Queries waiting for a connection",
    "# TYPE db_pool_waiting gauge",
    `db_pool_waiting ${pool.waitingCount}`,
    ...(queues === undefined ? [] : queueGauges(queues)),
    ...(breaker === undefined ? [] : breakerGauge(breaker))
  ].join("\n")
})

/**
 * GET /metrics in the Prometheus text format on its own port (METRICS_PORT, on HOST), so it is
 * reachable on the internal network but not through nginx, which proxies only the API's port.
 */
export const MetricsServerLive = Layer.scoped(
  MetricsServer,
  Effect.gen(function* () {
    const config = yield* AppConfig
    const runtime = yield* Effect.runtime<DbPool | SqlClient.SqlClient>()
    const render = Effect.map(
      Effect.all([prometheusText, scrapeGauges]),
      ([metrics, gauges]) => `${metrics}\n${gauges}\n`
    )
    const server = yield* Effect.acquireRelease(
      Effect.async<ReturnType<typeof createServer>>((resume) => {
        const server = createServer((req, res) => {
          if (req.method !== "GET" || req.url !== "/metrics") {
            res.writeHead(404).end()
            return
          }
          Runtime.runPromise(runtime)(render).then(
            (body) => {
              res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(body)
            },
            () => res.writeHead(500).end()
          )
        })
        // A port already taken stops the start with a message, not an unhandled error event.
        server.once("error", (error) =>
          resume(
            Effect.dieMessage(
              `Cannot serve /metrics on ${config.host}:${config.metricsPort} (METRICS_PORT): ${error.message}`
            )
          )
        )
        server.listen(config.metricsPort, config.host, () => resume(Effect.succeed(server)))
      }),
      (server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
    )
    const { port } = server.address() as AddressInfo
    yield* Effect.logInfo(`Metrics on http://${config.host}:${port}/metrics`)
    return { port }
  })
)
