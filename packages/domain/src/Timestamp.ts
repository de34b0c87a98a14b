import { ParseResult, Schema } from "effect"

// ISO 8601 with an explicit offset: a date-time without a zone is ambiguous for a trade.
const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/
// The canonical form: UTC with milliseconds, exactly what Date#toISOString writes.
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** The earliest and latest instants the API takes: what any trade, filter or cursor can mean. */
export const EARLIEST_TIMESTAMP = "1970-01-01T00:00:00.000Z"
export const LATEST_TIMESTAMP = "9999-12-31T23:59:59.999Z"
const EARLIEST = Date.parse(EARLIEST_TIMESTAMP)
const LATEST = Date.parse(LATEST_TIMESTAMP)

/**
 * The canonical text of an ISO date-time, or why it is not one: every field must exist on the
 * calendar as written (no 30 February, no hour 24; JavaScript's Date would roll them over), and
 * the instant must lie from 1970 to 9999.
 */
const canonical = (s: string): { readonly value: string } | { readonly problem: string } => {
  const m = ISO_PATTERN.exec(s)
  if (m === null) return { problem: "Must be an ISO 8601 date-time with an offset" }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0))
  const calendar = new Date(Date.UTC(2000, month! - 1, day!, hour, minute, second))
  calendar.setUTCFullYear(year!)
  const [offsetHours, offsetMinutes] = [Number(m[10] ?? 0), Number(m[11] ?? 0)]
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month! - 1 ||
    calendar.getUTCDate() !== day ||
    calendar.getUTCHours() !== hour ||
    calendar.getUTCMinutes() !== minute ||
    calendar.getUTCSeconds() !== second ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return { problem: "Must be a real date and time" }
  }
  const instant = Date.parse(s)
  if (!(instant >= EARLIEST && instant <= LATEST)) {
    return { problem: "Must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z" }
  }
  return { value: new Date(instant).toISOString() }
}

const CanonicalTimestamp = Schema.String.pipe(
  Schema.pattern(CANONICAL, {
    message: () => "Must be a UTC date-time such as 2026-01-31T14:30:00.000Z"
  }),
  Schema.brand("Timestamp")
)

/**
 * A point in time, kept as its canonical ISO 8601 text in UTC with milliseconds
 * ("2026-01-31T14:30:00.000Z"), from 1970 to 9999. Any offset is accepted on input and
 * normalised to UTC. Being a
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
      const result = canonical(s)
      return "problem" in result
        ? ParseResult.fail(new ParseResult.Type(ast, s, result.problem))
        : ParseResult.succeed(result.value)
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
