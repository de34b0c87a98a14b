import { HttpServerError, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { SqlError } from "@effect/sql/SqlError"
import {
  InternalServerError,
  NotFound,
  PayloadTooLarge,
  TemporarilyUnavailable,
  UnsupportedMediaType,
  ValidationError
} from "@trading-app/domain"
import { Cause, Effect, Option, Schema } from "effect"
import { databaseUnavailable } from "../Database/SqlErrors.js"

export const MAX_BODY_BYTES = 64 * 1024

/** Seconds a client is asked to wait when the database is away or a request ran out of time. */
export const RETRY_AFTER_SECONDS = 2

/** An error of the API's contract as its JSON answer (the Schema's encoded form). */
const answer = <A, I>(schema: Schema.Schema<A, I>, status: number, error: A) =>
  HttpServerResponse.unsafeJson(Schema.encodeSync(schema)(error), { status })

export const payloadTooLarge = answer(
  PayloadTooLarge,
  413,
  new PayloadTooLarge({
    message: `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB`
  })
)

/** The answers to an upload too large or sent as something other than a file's bytes. */
export const fileTooLarge = (limit: number) =>
  answer(
    PayloadTooLarge,
    413,
    new PayloadTooLarge({ message: `The file is larger than ${limit / 1024 / 1024} MiB` })
  )
export const notAFile = answer(
  UnsupportedMediaType,
  415,
  new UnsupportedMediaType({
    message: "Send the file's bytes as the body, with Content-Type: application/octet-stream"
  })
)

export const unsupportedMediaType = answer(
  UnsupportedMediaType,
  415,
  new UnsupportedMediaType({
    message: "The request body must be JSON, sent with Content-Type: application/json"
  })
)

export const invalidInput = (path: ReadonlyArray<string | number>, message: string) =>
  answer(ValidationError, 400, ValidationError.field(path, message))

/** 503 with Retry-After: the request may be tried again as it is. */
export const temporarilyUnavailable = (message: string) =>
  HttpServerResponse.setHeader(
    answer(
      TemporarilyUnavailable,
      503,
      new TemporarilyUnavailable({ message, retryAfter: RETRY_AFTER_SECONDS })
    ),
    "retry-after",
    String(RETRY_AFTER_SECONDS)
  )

/** A database failure somewhere in the cause that says the database is away or overloaded. */
const unavailableDatabase = (cause: Cause.Cause<unknown>) =>
  Cause.find(cause, (reason) => {
    const error =
      reason._tag === "Fail" ? reason.error : reason._tag === "Die" ? reason.defect : undefined
    return error instanceof SqlError && databaseUnavailable(error)
      ? Option.some(error)
      : Option.none()
  })

/**
 * The last line of defence: whatever the API did not answer itself becomes a JSON error with a
 * tag and a message. Unknown routes are 404, unreadable bodies 400, a database that is
 * away or too slow 503 with Retry-After, and anything else unexpected is logged with its cause
 * and answered 500 with the request id, never a stack trace.
 */
export const errorResponse = (cause: Cause.Cause<unknown>, requestId: string) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    // The client went away: nobody is left to answer.
    if (Cause.isInterruptedOnly(cause)) return yield* Effect.interrupt
    // The platform's own errors may arrive as failures or as defects.
    const error = Cause.squash(cause)
    if (error instanceof HttpServerError.RouteNotFound) {
      return answer(
        NotFound,
        404,
        new NotFound({
          message: `There is no endpoint ${request.method} ${request.url.split("?")[0]}`
        })
      )
    }
    // Bodies are read and checked before the API sees them (admitRequest); this is the rest.
    if (error instanceof HttpServerError.RequestError && error.reason === "Decode") {
      return invalidInput([], "The request body is not valid JSON")
    }
    const unavailable = unavailableDatabase(cause)
    if (Option.isSome(unavailable)) {
      // One line per request, not a stack each: an outage makes many.
      const reason =
        (unavailable.value.cause as Error | undefined)?.message ?? unavailable.value.message
      yield* Effect.logWarning(`The database is unavailable: ${reason}`)
      return temporarilyUnavailable(
        "The database is not answering right now. Try again in a moment; a create retried with the same Idempotency-Key is never recorded twice."
      )
    }
    yield* Effect.logError("Unexpected failure", cause)
    return answer(
      InternalServerError,
      500,
      new InternalServerError({
        message:
          "Something went wrong on our side. If it persists, report it with this request id.",
        requestId
      })
    )
  })
