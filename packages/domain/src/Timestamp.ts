import { ParseResult, Schema } from "effect"

// ISO 8601 with an explicit offset: a date-time without a zone is ambiguous for a trade.
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
// The canonical form: UTC with milliseconds, exactly what Date#toISOString writes.
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

const canonical = (s: string): string | undefined => {
  const date = new Date(s)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

const CanonicalTimestamp = Schema.String.pipe(
  Schema.pattern(CANONICAL, {
    message: () => "Must be a UTC date-time such as 2026-01-31T14:30:00.000Z"
  }),
  Schema.brand("Timestamp")
)

/**
 * A point in time, kept as its canonical ISO 8601 text in UTC with milliseconds
 * ("2026-01-31T14:30:00.000Z"). Any offset is accepted on input and normalised to UTC. Being a
 * string, a Timestamp serialises as itself and sorts chronologically as text; `new Date(ts)` gives
 * the instant where arithmetic is needed.
 */
export const Timestamp = Schema.transformOrFail(
  Schema.String.pipe(
    Schema.pattern(ISO_PATTERN, {
      message: () => 'Must be an ISO 8601 date-time with an offset, e.g. "2026-01-31T14:30:00Z"'
    })
  ),
  CanonicalTimestamp,
  {
    strict: true,
    decode: (s, _, ast) => {
      const value = canonical(s)
      return value === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, s, "Must be a real date and time"))
        : ParseResult.succeed(value)
    },
    encode: ParseResult.succeed
  }
).annotations({
  identifier: "Timestamp",
  jsonSchema: { type: "string", format: "date-time" }
})
export type Timestamp = typeof Timestamp.Type

/** The Timestamp of a JavaScript Date. */
export const timestampOf = (date: Date): Timestamp => date.toISOString() as Timestamp
