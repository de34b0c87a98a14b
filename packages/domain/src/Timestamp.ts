import { Schema } from "effect"

// ISO 8601 with an explicit offset: a date-time without a zone is ambiguous for a trade.
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** A point in time: an ISO 8601 string with an offset in JSON, a `Date` in code. */
export const Timestamp = Schema.compose(
  Schema.String.pipe(
    Schema.pattern(ISO_PATTERN, {
      message: () => 'Must be an ISO 8601 date-time with an offset, e.g. "2026-01-31T14:30:00Z"'
    })
  ),
  Schema.Date
).annotations({
  identifier: "Timestamp",
  jsonSchema: { type: "string", format: "date-time" }
})
export type Timestamp = typeof Timestamp.Type
