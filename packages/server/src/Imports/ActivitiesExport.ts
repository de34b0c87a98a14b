import { HttpServerResponse } from "@effect/platform"
import { IMPORT_FIELDS, type ImportField, type PortfolioId, type UserId } from "@trading-app/domain"
import { Chunk, Effect, Option, Stream } from "effect"
import { type Column, csvHeader, csvLines } from "../Logs/Export.js"
import { guardText } from "./Formats.js"
import type { ExportRow, ImportsRepo } from "./ImportsRepo.js"

const BATCH = 2_000

const trade = (r: ExportRow) => r.type === "buy" || r.type === "sell"
const income = (r: ExportRow) => r.type === "dividend" || r.type === "interest"

/** Each column of this app's own format (the import's field names) and its cell. */
const CELLS: Record<ImportField, (r: ExportRow) => string | null> = {
  date: (r) => r.date,
  type: (r) => r.type,
  symbol: (r) => r.symbol,
  quantity: (r) => r.quantity,
  price: (r) => r.price,
  fee: (r) => (trade(r) ? r.fee : null),
  amount: (r) => (r.type === "transfer_in" ? null : r.amount),
  withholdingTax: (r) => (income(r) ? r.withholdingTax : null),
  costBasis: (r) => (r.type === "transfer_in" ? r.amount : null),
  sharesBefore: (r) => r.sharesBefore,
  sharesAfter: (r) => r.sharesAfter,
  currency: (r) => r.currency,
  note: (r) => guardText(r.note),
  externalId: (r) => guardText(r.externalId)
}
const COLUMNS: ReadonlyArray<Column<ExportRow>> = IMPORT_FIELDS.map((f) => [f, CELLS[f]] as const)

/**
 * A portfolio's activities as CSV in this app's own format, oldest first, read and written in
 * batches. Exact: times in UTC with milliseconds, decimals as stored, notes as written (behind
 * the spreadsheet guard, which the import takes off again), and each
 * activity's external id (or its own id) so a second import recognises it.
 */
export const activitiesCsv = (
  repo: ImportsRepo,
  userId: UserId,
  portfolioId: PortfolioId,
  fileName: string
) => {
  const batches = Stream.paginateChunkEffect(
    undefined as { time: string; id: string } | undefined,
    (after) =>
      Effect.map(repo.exportPage(userId, portfolioId, after, BATCH), (rows) => {
        const last = rows[rows.length - 1]
        const next =
          rows.length === BATCH && last !== undefined
            ? Option.some({ time: last.date, id: last.id })
            : Option.none()
        return [Chunk.of(rows), next] as const
      })
  )
  const body = Stream.concat(
    Stream.make(csvHeader(COLUMNS)),
    Stream.map(batches, (rows) => csvLines(COLUMNS, rows, true))
  )
  return HttpServerResponse.stream(Stream.encodeText(body), {
    contentType: "text/csv; charset=utf-8",
    headers: { "content-disposition": `attachment; filename="${fileName}"` }
  })
}
