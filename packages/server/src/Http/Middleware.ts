import { type HttpApp, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Clock, Effect, Either } from "effect"
import type { AppConfigShape } from "../AppConfig.js"
import { recordRequest } from "../Observability/Metrics.js"
import { deadlines, withDeadline } from "./Deadline.js"
import { errorResponse, temporarilyUnavailable } from "./ErrorBoundary.js"
import { admitRequest } from "./RequestBody.js"

const REQUEST_ID = /^[\w.:-]{1,128}$/

const pastDeadline = temporarilyUnavailable(
  "The request did not finish in time (it may still complete). Try again in a moment; a create retried with the same Idempotency-Key is never recorded twice."
)

/**
 * Applied to every request: a request id (taken from X-Request-Id when sane, else new) on the
 * response and on every log line, the checks of `admitRequest` (URL, body size, type and shape),
 * a deadline, `Cache-Control: no-store` unless set, the error boundary, and the request's count
 * and duration in the metrics.
 * Past its deadline a request is answered 503 with Retry-After (see `withDeadline`).
 */
export const appMiddleware = <E, R>(
  app: HttpApp.Default<E, R>,
  config: Pick<AppConfigShape, "requestDeadline" | "librarian">
) => {
  const deadlineOf = deadlines(config)
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
            withDeadline(
              Effect.provideService(app, HttpServerRequest.HttpServerRequest, admitted),
              deadlineOf(request),
              Effect.as(Effect.logWarning("The request ran past its deadline"), pastDeadline)
            )
        })
      ),
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
