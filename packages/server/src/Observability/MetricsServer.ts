import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Context, Effect, Layer, Runtime } from "effect"
import { AppConfig } from "../AppConfig.js"
import { DbPool } from "../Database/Database.js"
import { Librarian } from "../Librarian/Librarian.js"
import { prometheusText } from "./Metrics.js"

/** Where /metrics listens. */
export class MetricsServer extends Context.Tag("MetricsServer")<
  MetricsServer,
  { readonly port: number }
>() {}

/** Figures read at scrape time: the database pool and the Librarian's circuit breaker. */
const scrapeGauges = Effect.gen(function* () {
  const pool = yield* DbPool
  const librarian = yield* Librarian
  const breaker = yield* librarian.breaker
  return [
    "# HELP db_pool_connections Connections of the application's pool, by state",
    "# TYPE db_pool_connections gauge",
    `db_pool_connections{state="total"} ${pool.totalCount}`,
    `db_pool_connections{state="idle"} ${pool.idleCount}`,
    "# HELP db_pool_waiting Queries waiting for a connection",
    "# TYPE db_pool_waiting gauge",
    `db_pool_waiting ${pool.waitingCount}`,
    "# HELP librarian_breaker_state The Librarian circuit breaker's state (1 for the current one)",
    "# TYPE librarian_breaker_state gauge",
    ...(["closed", "open", "half-open"] as const).map(
      (state) => `librarian_breaker_state{state="${state}"} ${breaker === state ? 1 : 0}`
    )
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
    const runtime = yield* Effect.runtime<DbPool | Librarian>()
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
