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

/** A `cursor` query parameter: the `nextCursor` of the previous page. */
export const pageCursor = Schema.optional(
  Schema.String.pipe(Schema.maxLength(200)).annotations({
    description: "The nextCursor of the previous page",
    jsonSchema: {
      type: "string",
      maxLength: 200,
      description: "The nextCursor of the previous page"
    }
  })
)

/** One page of a keyset-paginated list. */
export const Page = <A, I>(identifier: string, item: Schema.Schema<A, I>) =>
  Schema.Struct({
    items: Schema.Array(item),
    nextCursor: Schema.NullOr(Schema.String).annotations({
      description: "Pass as `cursor` to get the next page; null on the last page"
    })
  }).annotations({ identifier })
