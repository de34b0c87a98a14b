import {
  FileSystem,
  type HttpApp,
  HttpIncomingMessage,
  HttpServerRequest,
  HttpServerResponse
} from "@effect/platform"
import { Clock, Duration, Effect, Either, Option } from "effect"
import type { AppConfigShape } from "../AppConfig.js"
import { recordRequest } from "../Observability/Metrics.js"
import { errorResponse, MAX_BODY_BYTES, temporarilyUnavailable } from "./ErrorBoundary.js"
import { admitRequest } from "./RequestBody.js"
import { isEndpoint } from "./Routes.js"

const REQUEST_ID = /^[\w.:-]{1,128}$/

const isChat = isEndpoint("ai", "chat")

/**
 * Applied to every request: a request id (taken from X-Request-Id when sane, else new) on the
 * response and on every log line, the checks of `admitRequest` (URL, body size, type and shape),
 * a deadline, `Cache-Control: no-store` unless set, the error boundary, and the request's count
 * and duration in the metrics.
 *
 * The deadline answers 503 with Retry-After instead of holding the client while the database
 * stalls. The work itself is left to finish or fail in the background (`disconnect`): a
 * statement in flight cannot be taken back, so a create that was slow may still be recorded,
 * and its retry with the same Idempotency-Key then returns it.
 */
export const appMiddleware = <E, R>(
  app: HttpApp.Default<E, R>,
  config: Pick<AppConfigShape, "requestDeadline" | "librarian">
) => {
  const chatDeadline = Duration.sum(config.requestDeadline, config.librarian.deadline)
  return Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const started = yield* Clock.currentTimeMillis
    const given = request.headers["x-request-id"]
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID()
    const response = yield* admitRequest(request).pipe(
      Effect.flatMap(
        Either.match({
          onLeft: Effect.succeed,
          onRight: (admitted) =>
            Effect.provideService(app, HttpServerRequest.HttpServerRequest, admitted).pipe(
              Effect.disconnect,
              Effect.timeoutTo({
                duration: isChat(request.method, request.url)
                  ? chatDeadline
                  : config.requestDeadline,
                onSuccess: Effect.succeed,
                onTimeout: () =>
                  Effect.as(
                    Effect.logWarning("The request ran past its deadline"),
                    temporarilyUnavailable(
                      "The request did not finish in time (it may still complete). Try again in a moment; a create retried with the same Idempotency-Key is never recorded twice."
                    )
                  )
              }),
              Effect.flatten
            )
        })
      ),
      HttpIncomingMessage.withMaxBodySize(Option.some(FileSystem.Size(MAX_BODY_BYTES))),
      Effect.catchAllCause((cause) => errorResponse(cause, requestId)),
      Effect.annotateLogs("requestId", requestId)
    )
    const seconds = ((yield* Clock.currentTimeMillis) - started) / 1000
    yield* recordRequest(request.url, request.method, response.status, seconds)
    return HttpServerResponse.setHeaders(response, {
      "x-request-id": requestId,
      // API answers are never cached; the web app's files say how they may be.
      "cache-control": response.headers["cache-control"] ?? "no-store"
    })
  })
}
