import { Schema } from "effect"
import { StrategyDraftId, StrategyId } from "./Ids.js"
import { StrategyDocument } from "./Strategy.js"
import { StrategyDocumentInput } from "./StrategyCheck.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

export const StrategyName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "Name must not be empty" }),
  Schema.maxLength(100, { message: () => "Name must be at most 100 characters" })
).annotations({ identifier: "StrategyName" })

const Description = Schema.String.pipe(
  Schema.maxLength(2000, { message: () => "Description must be at most 2000 characters" })
)

/** A saved strategy at its latest version; each edit of its document adds a version. */
export const Strategy = Schema.Struct({
  id: StrategyId,
  name: Schema.String,
  description: Schema.String,
  version: Schema.Int.annotations({ description: "The latest version, from 1" }),
  document: StrategyDocument,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Strategy" })
export type Strategy = typeof Strategy.Type

export const StrategyList = Schema.Struct({ items: Schema.Array(Strategy) }).annotations({
  identifier: "StrategyList"
})

export const StrategyVersion = Schema.Struct({
  version: Schema.Int,
  document: StrategyDocument,
  createdAt: Timestamp
}).annotations({ identifier: "StrategyVersion" })
export type StrategyVersion = typeof StrategyVersion.Type

export const StrategyVersions = Schema.Struct({
  items: Schema.Array(StrategyVersion)
}).annotations({ identifier: "StrategyVersions", description: "Newest first" })

export const CreateStrategy = strictStruct("CreateStrategy", {
  name: StrategyName,
  description: Schema.optionalWith(Description, { default: () => "" }),
  document: StrategyDocumentInput,
  draftId: Schema.optional(StrategyDraftId).annotations({
    description: "The draft of a research document this strategy was made from"
  })
})
export type CreateStrategy = typeof CreateStrategy.Type

export const UpdateStrategy = strictStruct("UpdateStrategy", {
  name: Schema.optional(StrategyName),
  description: Schema.optional(Description),
  document: Schema.optional(StrategyDocumentInput).annotations({
    description: "A changed document is stored as a new version; the old ones stay"
  })
})
export type UpdateStrategy = typeof UpdateStrategy.Type
