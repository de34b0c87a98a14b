import { createServer, type ServerResponse } from "node:http"
import type { ListenOptions } from "node:net"
import { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { TemporarilyUnavailable } from "@trading-app/domain"
import { Duration, Effect, Layer, Schema } from "effect"
import { RETRY_AFTER_SECONDS } from "./ErrorBoundary.js"

const SHUTTING_DOWN = JSON.stringify(
  Schema.encodeSync(TemporarilyUnavailable)(
    new TemporarilyUnavailable({
      message: "The server is restarting; try again in a moment",
      retryAfter: RETRY_AFTER_SECONDS
    })
  )
)

/** What a request gets once the API's handler is gone: come back, on another connection. */
const shuttingDown = (response: ServerResponse) =>
  response
    .writeHead(503, {
      "content-type": "application/json",
      "retry-after": String(RETRY_AFTER_SECONDS),
      connection: "close"
    })
    .end(SHUTTING_DOWN)

/**
 * The Node HTTP server, draining when its scope closes: it stops accepting connections, closes
 * the idle keep-alive ones, answers requests that still arrive on open ones with 503 and
 * `Connection: close`, lets the requests in flight finish for up to `grace`, then drops what is
 * left. The layers it serves (the database pool) are closed only after that.
 */
export const drainingNodeServer = (options: ListenOptions, grace: Duration.Duration) =>
  Layer.merge(
    Layer.scoped(
      HttpServer.HttpServer,
      Effect.gen(function* () {
        const server = createServer()
        // Answers only when it is the only listener: once the API's has been removed.
        server.on("request", (_request, response) => {
          if (server.listenerCount("request") === 1) shuttingDown(response)
        })
        const http = yield* NodeHttpServer.make(() => server, options)
        // Added after the platform's own close, so run before it.
        yield* Effect.addFinalizer(() =>
          Effect.async<void>((resume) => {
            const dropLeft = setTimeout(
              () => server.closeAllConnections(),
              Duration.toMillis(grace)
            )
            server.close(() => {
              clearTimeout(dropLeft)
              resume(Effect.void)
            })
            server.closeIdleConnections()
          })
        )
        return http
      })
    ),
    NodeHttpServer.layerContext
  )
