import { Schema } from "effect"

/** A `limit` query parameter: a whole number from 1 to `max`, `fallback` when left out. */
export const pageLimit = (max: number, fallback: number) =>
  Schema.optionalWith(
    Schema.NumberFromString.pipe(
      Schema.int({ message: () => "Limit must be a whole number" }),
      Schema.between(1, max, { message: () => `Limit must be between 1 and ${max}` })
    ).annotations({
      description: `Page size, 1 to ${max} (default ${fallback})`,
      jsonSchema: {
        type: "integer",
        minimum: 1,
        maximum: max,
        default: fallback,
        description: "Page size"
      }
    }),
    { default: () => fallback }
  )
