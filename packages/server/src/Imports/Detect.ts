import type { ColumnMapping, ImportField, ImportPreset, ParseSettings } from "@trading-app/domain"
import { detectPreset, FORMATS, guessMapping } from "./Formats.js"
import { decodeText, detectEncoding, detectLayout } from "./Layout.js"
import { readTable } from "./Read.js"
import { detectDateFormat, detectDecimal } from "./Values.js"

// Enough rows to tell a file's layout, decimals and dates.
const SAMPLE_LINES = 300
const NUMBER_FIELDS: ReadonlyArray<ImportField> = ["quantity", "price", "amount", "fee"]

export interface Detected {
  readonly settings: ParseSettings
  readonly preset: ImportPreset
  readonly mapping: ColumnMapping
  readonly columns: ReadonlyArray<string>
}

/**
 * How to read a file, from its first rows: encoding, delimiter, quote, preamble and header;
 * then its format from the column names (or a mapping guessed from them); then the decimal
 * separator and date order from the cells the mapping reads as numbers and dates. Times without
 * an offset are taken in `timeZone` unless the format says otherwise.
 */
export const detect = (bytes: Uint8Array, timeZone: string): Detected => {
  const encoding = detectEncoding(bytes)
  const head = decodeText(bytes.subarray(0, 256 * 1024), encoding)
    .split(/\r\n|\n|\r/)
    .slice(0, SAMPLE_LINES)
    .join("\n")
  const layout = detectLayout(head)
  const base: ParseSettings = {
    encoding,
    ...layout,
    decimalSeparator: ".",
    dateFormat: "ymd",
    timeZone
  }
  const table = readTable(head, base)
  const preset = detectPreset(table.columns)
  const format = FORMATS[preset]
  const mapping = preset === "custom" ? guessMapping(table.columns) : format.mapping
  const cellsOf = (fields: ReadonlyArray<ImportField>) => {
    const indexes = fields
      .map((f) => table.columns.indexOf(mapping.columns[f] ?? ""))
      .filter((i) => i >= 0)
    return table.rows.flatMap((r) => indexes.map((i) => r.cells[i] ?? ""))
  }
  const numbers = cellsOf(NUMBER_FIELDS)
  // Without mapped number columns, every cell that is not a date tells.
  const sample =
    numbers.length > 0
      ? numbers
      : table.rows.flatMap((r) => r.cells.filter((c) => !/^\d{1,4}[-./]\d{1,2}[-./]/.test(c)))
  const decimalSeparator = format.settings.decimalSeparator ?? detectDecimal(sample)
  const dateFormat =
    detectDateFormat(cellsOf(["date"]), decimalSeparator) ?? format.settings.dateFormat ?? "ymd"
  return {
    settings: { ...base, ...format.settings, decimalSeparator, dateFormat },
    preset,
    mapping,
    columns: table.columns
  }
}
