import {
  FileSystem,
  type HttpApp,
  HttpIncomingMessage,
  HttpServerRequest,
  HttpServerResponse
} from "@effect/platform"
import { Clock, Effect, Option } from "effect"
import { recordRequest } from "../Observability/Metrics.js"
import { bufferChunkedBody } from "./ChunkedBody.js"
import { errorResponse, MAX_BODY_BYTES, payloadTooLarge } from "./ErrorBoundary.js"

const REQUEST_ID = /^[\w.:-]{1,128}$/

/**
 * Applied to every request: a request id (taken from X-Request-Id when sane, else new) on the
 * response and on every log line, a 64 KiB body limit, `Cache-Control: no-store` unless set, the error
 * boundary, and the request's count and duration in the metrics.
 */
export const appMiddleware = <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const started = yield* Clock.currentTimeMillis
    const given = request.headers["x-request-id"]
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID()
    const serve = app.pipe(
      HttpIncomingMessage.withMaxBodySize(Option.some(FileSystem.Size(MAX_BODY_BYTES))),
      Effect.catchAllCause((cause) => errorResponse(cause, requestId)),
      Effect.annotateLogs("requestId", requestId)
    )
    const declared = Number(request.headers["content-length"] ?? 0)
    let response: HttpServerResponse.HttpServerResponse
    if (declared > MAX_BODY_BYTES) {
      response = payloadTooLarge
    } else if (request.headers["transfer-encoding"] !== undefined) {
      const buffered = yield* bufferChunkedBody(request, MAX_BODY_BYTES).pipe(
        Effect.catchAll(() => Effect.interrupt)
      )
      response = Option.isNone(buffered)
        ? // The rest of the body is never read, so the connection cannot serve another request.
          HttpServerResponse.setHeader(payloadTooLarge, "connection", "close")
        : yield* Effect.provideService(serve, HttpServerRequest.HttpServerRequest, buffered.value)
    } else {
      response = yield* serve
    }
    const seconds = ((yield* Clock.currentTimeMillis) - started) / 1000
    yield* recordRequest(request.url, request.method, response.status, seconds)
    return HttpServerResponse.setHeaders(response, {
      "x-request-id": requestId,
      // API answers are never cached; the web app's files say how they may be.
      "cache-control": response.headers["cache-control"] ?? "no-store"
    })
  })
