import { HttpServerError, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Cause, Effect } from "effect"

export const MAX_BODY_BYTES = 64 * 1024

const json = (status: number, body: Record<string, unknown>) =>
  HttpServerResponse.unsafeJson(body, { status })

export const payloadTooLarge = json(413, {
  _tag: "PayloadTooLarge",
  message: `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB`
})

/**
 * The last line of defence: whatever the API did not answer itself becomes a JSON error with a
 * tag and a message. Unknown routes are 404, unreadable bodies 400 or 413, and anything
 * unexpected is logged with its cause and answered 500 with the request id, never a stack trace.
 */
export const errorResponse = (cause: Cause.Cause<unknown>, requestId: string) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    // The client went away: nobody is left to answer.
    if (Cause.isInterruptedOnly(cause)) return yield* Effect.interrupt
    // The platform's own errors may arrive as failures or as defects.
    const error = Cause.squash(cause)
    if (error instanceof HttpServerError.RouteNotFound) {
      return json(404, {
        _tag: "NotFound",
        message: `There is no endpoint ${request.method} ${new URL(request.url, "http://x").pathname}`
      })
    }
    if (error instanceof HttpServerError.RequestError && error.reason === "Decode") {
      return String((error.cause as Error | undefined)?.message).includes("maxBytes")
        ? payloadTooLarge
        : json(400, {
            _tag: "ValidationError",
            message: "The request body is not valid JSON",
            issues: []
          })
    }
    yield* Effect.logError("Unexpected failure", cause)
    return json(500, {
      _tag: "InternalServerError",
      message: "Something went wrong on our side. If it persists, report it with this request id.",
      requestId
    })
  })
