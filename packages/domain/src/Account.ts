import { Schema } from "effect"
import { Timestamp } from "./Timestamp.js"

export const ExportId = Schema.UUID.pipe(Schema.brand("ExportId")).annotations({
  identifier: "ExportId"
})
export type ExportId = typeof ExportId.Type

/**
 * A download of everything the account holds (profile, portfolios, activities, conversations),
 * made by a background job; kept for a day.
 */
export const AccountExport = Schema.Struct({
  id: ExportId,
  state: Schema.Literal("queued", "running", "ready", "failed"),
  percent: Schema.Int.pipe(Schema.between(0, 100)),
  message: Schema.String,
  createdAt: Timestamp,
  finishedAt: Schema.NullOr(Timestamp),
  expiresAt: Timestamp,
  sizeBytes: Schema.NullOr(Schema.Int.pipe(Schema.nonNegative()))
}).annotations({ identifier: "AccountExport" })
export type AccountExport = typeof AccountExport.Type

export const AccountExports = Schema.Struct({ items: Schema.Array(AccountExport) }).annotations({
  identifier: "AccountExports"
})
