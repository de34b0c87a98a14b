import { HttpServerResponse } from "@effect/platform"
import { type ExportFormat, MAX_EXPORT_ROWS } from "@trading-app/domain"
import { stringify } from "csv-stringify/sync"
import { Chunk, Effect, Option, Stream } from "effect"
import type { Before } from "./LogsRepo.js"

const BATCH = 1_000

/** A CSV column: its header and how a row gives its cell. */
export type Column<A> = readonly [header: string, cell: (row: A) => unknown]

const cellText = (value: unknown): string =>
  value === null || value === undefined
    ? ""
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value)

/**
 * Rows as CSV lines. Cells a spreadsheet would run as a formula (=, +, -, @ first) are
 * neutralised unless `guarded` (the columns guard their text themselves): a log holds text that
 * others wrote (user agents, e-mails).
 */
export const csvLines = <A>(
  columns: ReadonlyArray<Column<A>>,
  rows: ReadonlyArray<A>,
  guarded = false
) =>
  stringify(
    rows.map((row) => columns.map(([, cell]) => cellText(cell(row)))),
    { escape_formulas: !guarded, record_delimiter: "\r\n" }
  )

export const csvHeader = <A>(columns: ReadonlyArray<Column<A>>) =>
  stringify([columns.map(([header]) => header)], { record_delimiter: "\r\n" })

/**
 * A log's entries matching the filters, newest first, as a download: read in batches by id
 * (never the whole export in memory), at most MAX_EXPORT_ROWS, streamed as CSV or a JSON array.
 */
export const exportResponse = <A extends { readonly id: string }>(options: {
  readonly name: string
  readonly format: ExportFormat
  readonly columns: ReadonlyArray<Column<A>>
  readonly read: (before: Before, limit: number) => Effect.Effect<ReadonlyArray<A>>
}) => {
  const { format, columns, read } = options
  const batches = Stream.paginateChunkEffect(
    { before: undefined as Before, left: MAX_EXPORT_ROWS },
    ({ before, left }) =>
      Effect.map(read(before, Math.min(BATCH, left)), (rows) => {
        const last = rows[rows.length - 1]
        const next =
          rows.length === BATCH && left > BATCH && last !== undefined
            ? Option.some({ before: last.id, left: left - BATCH })
            : Option.none()
        return [Chunk.of(rows), next] as const
      })
  )
  const body =
    format === "csv"
      ? Stream.concat(
          Stream.make(csvHeader(columns)),
          Stream.map(batches, (rows) => csvLines(columns, rows))
        )
      : Stream.make("[").pipe(
          Stream.concat(
            Stream.mapAccum(batches, 0, (count, rows) => [
              count + rows.length,
              rows.map((row, i) => `${count + i === 0 ? "" : ","}\n${JSON.stringify(row)}`).join("")
            ])
          ),
          Stream.concat(Stream.make("\n]\n"))
        )
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, "-")
  return HttpServerResponse.stream(Stream.encodeText(body), {
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    headers: {
      "content-disposition": `attachment; filename="${options.name}-${stamp}.${format}"`
    }
  })
}
