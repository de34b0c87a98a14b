import { createServer, type ServerResponse } from "node:http"
import type { ListenOptions } from "node:net"
import type { Duplex } from "node:stream"
import { HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { TemporarilyUnavailable, ValidationError } from "@trading-app/domain"
import { Duration, Effect, Layer, Option, Schema } from "effect"
import { Draining } from "./Draining.js"
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

const NOT_HTTP = JSON.stringify(
  Schema.encodeSync(ValidationError)(
    ValidationError.field([], "The request is not valid HTTP/1.1 and cannot be read")
  )
)

/** Node's own answer to a request it cannot parse, in the API's JSON error shape. */
const unreadable = (error: Error & { code?: string }, socket: Duplex) => {
  if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy()
  const status =
    error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request"
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(NOT_HTTP)}\r\nconnection: close\r\n\r\n${NOT_HTTP}`
  )
}

/**
 * The Node HTTP server, draining when its scope closes: it stops accepting connections, closes
 * the idle keep-alive ones, answers requests that still arrive on open ones with 503 and
 * `Connection: close`, tells the long-lived responses to end (Draining, when provided), lets
 * the requests in flight finish for up to `grace`, then drops what is left. The layers it serves (the database pool) are closed only after that.
 */
export const drainingNodeServer = (options: ListenOptions, grace: Duration.Duration) =>
  Layer.merge(
    Layer.scoped(
      HttpServer.HttpServer,
      Effect.gen(function* () {
        const server = createServer()
        server.on("clientError", unreadable)
        // Answers only when it is the only listener: once the API's has been removed.
        server.on("request", (_request, response) => {
          if (server.listenerCount("request") === 1) shuttingDown(response)
        })
        const http = yield* NodeHttpServer.make(() => server, options)
        const draining = yield* Effect.serviceOption(Draining)
        // Added after the platform's own close, so run before it.
        yield* Effect.addFinalizer(() =>
          Effect.async<void>((resume) => {
            if (Option.isSome(draining)) Effect.runSync(draining.value.start)
            const dropLeft = setTimeout(
              () => server.closeAllConnections(),
              Duration.toMillis(grace)
            )
            // Connections whose last response ends during the drain (an event stream told to
            // end) are closed as they fall idle, not kept open to the end of the grace.
            const sweep = setInterval(() => server.closeIdleConnections(), 100)
            server.close(() => {
              clearTimeout(dropLeft)
              clearInterval(sweep)
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
