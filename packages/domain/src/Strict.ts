import { Schema } from "effect"

/** A request body that refuses unknown fields (so `id`, `userId` or `createdAt` cannot be smuggled in). */
export const strictStruct = <Fields extends Schema.Struct.Fields>(
  identifier: string,
  fields: Fields
) =>
  Schema.Struct(fields).annotations({
    identifier,
    parseOptions: { onExcessProperty: "error", errors: "all" }
  })
