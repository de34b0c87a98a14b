import { HttpClientError } from "@effect/platform"
import { Cause, Option, ParseResult } from "effect"
import { formatDateTime } from "../lib/format.js"

/** Field path ("quantity", "issues.0.path") → message, for showing errors next to inputs. */
export type FieldErrors = Readonly<Record<string, string>>

/**
 * What went wrong with a call, ready to show: a message, the errors per field, and how long to
 * wait before trying again where the server said so. `kind` is the domain error's tag
 * ("Unprocessable", "TooManyRequests", …), or "Network", "BadResponse", "Http" for failures
 * outside the API's contract.
 */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem"
  constructor(
    readonly kind: string,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly retryAfter?: number,
    readonly status?: number
  ) {
    super(message)
  }
}

// An instant as the API writes it (UTC, ISO 8601), inside a message.
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z\b/g

/** A server's message with each instant it names shown in the user's time, like the forms. */
export const inLocalTime = (message: string): string =>
  message.replace(ISO_INSTANT, (iso) => formatDateTime(iso))

export const fieldErrorsOf = (
  issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>
): FieldErrors => {
  const errors: Record<string, string> = {}
  for (const issue of issues) {
    const key = issue.path.map(String).join(".")
    errors[key] ??= issue.message
  }
  return errors
}

const statusMessages: Record<number, string> = {
  413: "The request is too large.",
  429: "Too many requests. Please wait a moment and try again.",
  502: "The server is unavailable. Please try again shortly.",
  503: "The service is unavailable. Please try again shortly.",
  504: "The server took too long to answer. Please try again."
}

const retryAfterHeader = (headers: Readonly<Record<string, string>>): number | undefined => {
  const value = Number(headers["retry-after"])
  return Number.isFinite(value) && value >= 0 ? value : undefined
}

interface DomainFailure {
  readonly _tag: string
  readonly message: string
  readonly issues?: ReadonlyArray<{
    readonly path: ReadonlyArray<PropertyKey>
    readonly message: string
  }>
  readonly field?: string
  readonly retryAfter?: number
  readonly requestId?: string
}

const isDomainFailure = (u: unknown): u is DomainFailure =>
  typeof u === "object" &&
  u !== null &&
  "_tag" in u &&
  typeof u._tag === "string" &&
  "message" in u &&
  typeof u.message === "string"

/** Turns the failure of a typed-client call into an ApiProblem. */
export const problemOf = (cause: Cause.Cause<unknown>): ApiProblem => {
  const failure = Cause.failureOption(cause)
  if (Option.isNone(failure)) {
    if (Cause.isInterruptedOnly(cause))
      return new ApiProblem("Aborted", "The request was cancelled.")
    return new ApiProblem("Unexpected", "Something went wrong. Please try again.")
  }
  const error = failure.value
  if (HttpClientError.isHttpClientError(error)) {
    if (error._tag === "RequestError")
      return new ApiProblem(
        "Network",
        "Cannot reach the server. Check your connection and try again."
      )
    const { status, headers } = error.response
    return new ApiProblem(
      "Http",
      statusMessages[status] ?? `The server answered with an error (${status}).`,
      {},
      retryAfterHeader(headers),
      status
    )
  }
  if (ParseResult.isParseError(error))
    return new ApiProblem("BadResponse", "The server sent an unexpected answer. Please try again.")
  if (isDomainFailure(error)) {
    const issues = (error.issues ?? []).map((i) => ({ ...i, message: inLocalTime(i.message) }))
    const fields: Record<string, string> = { ...fieldErrorsOf(issues) }
    const text = inLocalTime(error.message)
    if (error.field !== undefined) fields[error.field] = text
    const message = error.requestId !== undefined ? `${text} (reference ${error.requestId})` : text
    return new ApiProblem(error._tag, message, fields, error.retryAfter)
  }
  return new ApiProblem("Unexpected", "Something went wrong. Please try again.")
}

/** The message to show for anything a call may throw. */
export const messageOf = (error: unknown): string =>
  error instanceof ApiProblem ? error.message : "Something went wrong. Please try again."
