import { HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"

/** One problem with the input: where it is (a field path) and what is wrong. */
export const FieldIssue = Schema.Struct({
  path: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  message: Schema.String
}).annotations({ identifier: "FieldIssue" })
export type FieldIssue = typeof FieldIssue.Type

export class ValidationError extends Schema.TaggedError<ValidationError>()(
  "ValidationError",
  { message: Schema.String, issues: Schema.Array(FieldIssue) },
  HttpApiSchema.annotations({ status: 400, description: "The input is invalid" })
) {
  static field(path: ReadonlyArray<string | number>, message: string): ValidationError {
    return new ValidationError({ message, issues: [{ path, message }] })
  }
}

export class Unauthorized extends Schema.TaggedError<Unauthorized>()(
  "Unauthorized",
  { message: Schema.String },
  HttpApiSchema.annotations({
    status: 401,
    description: "Not signed in, or the credentials are invalid"
  })
) {}

export class NotFound extends Schema.TaggedError<NotFound>()(
  "NotFound",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 404, description: "No such resource (or not yours)" })
) {}

export class Conflict extends Schema.TaggedError<Conflict>()(
  "Conflict",
  { message: Schema.String, field: Schema.optional(Schema.String) },
  HttpApiSchema.annotations({
    status: 409,
    description: "The request conflicts with existing data"
  })
) {}

/** The input is well-formed but breaks a rule of the data (an unknown instrument, an oversell). */
export class Unprocessable extends Schema.TaggedError<Unprocessable>()(
  "Unprocessable",
  { message: Schema.String, issues: Schema.Array(FieldIssue) },
  HttpApiSchema.annotations({
    status: 422,
    description: "The input breaks a rule of the data; issues name the fields"
  })
) {
  static field(path: ReadonlyArray<string | number>, message: string): Unprocessable {
    return new Unprocessable({ message, issues: [{ path, message }] })
  }
}

export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()(
  "PayloadTooLarge",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 413 })
) {}

/** A body in a format the endpoint does not take: every body of this API is JSON. */
export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()(
  "UnsupportedMediaType",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 415, description: "The body is not application/json" })
) {}

export class Forbidden extends Schema.TaggedError<Forbidden>()(
  "Forbidden",
  { message: Schema.String },
  HttpApiSchema.annotations({
    status: 403,
    description: "Signed in, but your role does not allow this"
  })
) {}

export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()(
  "TooManyRequests",
  {
    message: Schema.String,
    retryAfter: Schema.Int.annotations({ description: "Seconds to wait before trying again" })
  },
  HttpApiSchema.annotations({ status: 429, description: "Too many attempts; see Retry-After" })
) {}

export class InternalServerError extends Schema.TaggedError<InternalServerError>()(
  "InternalServerError",
  {
    message: Schema.String,
    requestId: Schema.String.annotations({ description: "Quote it when reporting the problem" })
  },
  HttpApiSchema.annotations({ status: 500 })
) {}

export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()(
  "ServiceUnavailable",
  { message: Schema.String, checks: Schema.Record({ key: Schema.String, value: Schema.String }) },
  HttpApiSchema.annotations({ status: 503 })
) {}

/**
 * The request could not be served now (the database is unreachable or too slow, or the request
 * ran past its deadline); nothing about the input is wrong. Retrying after `retryAfter` seconds
 * is safe for reads, and for creates that carry an Idempotency-Key.
 */
export class TemporarilyUnavailable extends Schema.TaggedError<TemporarilyUnavailable>()(
  "TemporarilyUnavailable",
  {
    message: Schema.String,
    retryAfter: Schema.Int.annotations({ description: "Seconds to wait before trying again" })
  },
  HttpApiSchema.annotations({
    status: 503,
    description: "Temporarily unavailable; see Retry-After"
  })
) {}

/** The assistant's upstream service is down, overloaded, or not configured; try again later. */
export class AssistantUnavailable extends Schema.TaggedError<AssistantUnavailable>()(
  "AssistantUnavailable",
  {
    message: Schema.String,
    retryAfter: Schema.optional(
      Schema.Int.annotations({ description: "Seconds to wait before trying again" })
    ),
    conversationId: Schema.optional(Schema.String)
  },
  HttpApiSchema.annotations({ status: 503, description: "The assistant is unavailable" })
) {}

/** The assistant's upstream service did not answer in time. */
export class AssistantTimeout extends Schema.TaggedError<AssistantTimeout>()(
  "AssistantTimeout",
  { message: Schema.String, conversationId: Schema.optional(Schema.String) },
  HttpApiSchema.annotations({ status: 504, description: "The assistant did not answer in time" })
) {}

/** The assistant's upstream service answered with something unusable. */
export class AssistantBadGateway extends Schema.TaggedError<AssistantBadGateway>()(
  "AssistantBadGateway",
  { message: Schema.String, conversationId: Schema.optional(Schema.String) },
  HttpApiSchema.annotations({ status: 502, description: "The assistant answered badly" })
) {}

/** A feature this server is not set up for (e.g. mail without SMTP settings): asking again will not help. */
export class NotAvailable extends Schema.TaggedError<NotAvailable>()(
  "NotAvailable",
  { message: Schema.String },
  HttpApiSchema.annotations({
    status: 503,
    description: "Not available on this server (its settings lack what the feature needs)"
  })
) {}
