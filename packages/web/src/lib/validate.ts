import { Effect, Either, ParseResult, Schema } from "effect"
import { type FieldErrors, fieldErrorsOf } from "../api/problem.js"

export type Validated<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly errors: FieldErrors }

/**
 * Checks form input with the same domain Schema the server decodes it with, so the browser and
 * the server give the same message for the same mistake, keyed by the same field path.
 * Asynchronous because some rules load their data on demand (the common-password list).
 */
export const validate = async <A, I>(
  schema: Schema.Schema<A, I>,
  input: unknown
): Promise<Validated<A>> => {
  const result = await Effect.runPromise(
    Effect.either(Schema.decodeUnknown(schema, { errors: "all" })(input))
  )
  if (Either.isRight(result)) return { ok: true, value: result.right }
  return {
    ok: false,
    errors: fieldErrorsOf(ParseResult.ArrayFormatter.formatErrorSync(result.left))
  }
}

/** A query checked like `validate`, its messages thrown as one error (for list fetchers). */
export const validated = async <A, I>(schema: Schema.Schema<A, I>, input: unknown): Promise<A> => {
  const result = await validate(schema, input)
  if (!result.ok) throw new Error(Object.values(result.errors).join(" "))
  return result.value
}
