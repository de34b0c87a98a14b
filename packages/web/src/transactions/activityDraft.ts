import {
  type ActivityType,
  activityFields,
  DECIMAL_FIELDS,
  isOptionalField,
  type Transaction
} from "@trading-app/domain"
import { fromLocalInput, toLocalInput } from "../lib/format.js"
import { fieldOf } from "./activities.js"

/** The fields an entry of some type can have, as the form edits them (all text). */
export const ENTRY_FIELDS = ["symbol", ...DECIMAL_FIELDS, "currency"] as const
export type EntryField = (typeof ENTRY_FIELDS)[number]

export type Draft = {
  type: ActivityType
  portfolioId: string
  executedAt: string
  note: string
} & {
  [K in EntryField]: string
}

// Fields that default to zero are shown as zero.
const ZERO_BY_DEFAULT: ReadonlySet<string> = new Set(["fee", "withholdingTax"])

/** A new entry's draft, or an existing entry's (its type's fields filled in). */
export const draftOf = (t: Transaction | undefined, portfolioId: string | null): Draft => {
  const draft = {
    type: t?.type ?? "buy",
    portfolioId: t?.portfolioId ?? portfolioId ?? "",
    executedAt: toLocalInput(t?.executedAt ?? new Date().toISOString()),
    note: t?.note ?? ""
  } as Draft
  for (const f of ENTRY_FIELDS)
    draft[f] = (t && fieldOf(t, f)) ?? (ZERO_BY_DEFAULT.has(f) ? "0" : "")
  return draft
}

/**
 * The request body a draft stands for: its type's fields only, decoded by the domain Schema as
 * the server will. An optional field left empty is left out (or null for a symbol).
 */
export const inputOf = (d: Draft): Record<string, unknown> => {
  const body: Record<string, unknown> = { type: d.type, portfolioId: d.portfolioId }
  for (const f of activityFields(d.type)) {
    const value = d[f as EntryField].trim()
    if (value === "" && isOptionalField(d.type, f)) {
      if (f === "symbol") body.symbol = null
      continue
    }
    body[f] = f === "currency" ? value.toUpperCase() : value
  }
  body.executedAt = fromLocalInput(d.executedAt)
  body.note = d.note.trim() === "" ? null : d.note
  return body
}
