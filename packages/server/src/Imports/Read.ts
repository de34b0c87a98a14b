import {
  ACTIVITY_TYPES,
  type ActivityType,
  activityFields,
  type ColumnMapping,
  type CreateTransaction,
  CreateTransactionOf,
  DECIMAL_FIELDS,
  type ImportField,
  MAX_IMPORT_ROWS,
  type ParseSettings,
  type PortfolioId,
  type ReadActivity,
  type RowIssue,
  type SymbolMap
} from "@trading-app/domain"
import { parse } from "csv-parse/sync"
import { Either, ParseResult, Schema } from "effect"
import { typeCheck } from "../Database/RowDecoder.js"
import type { Cells, Draft, Format } from "./Formats.js"
import { decodeText } from "./Layout.js"
import { readDate, readNumber } from "./Values.js"

/** A file read into rows: column names, and each row's line and cells. */
export interface Table {
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<{ readonly row: number; readonly cells: ReadonlyArray<string> }>
}

/** Why a file cannot be read at all (rows in it are reported one by one instead). */
export class UnreadableFile extends Error {}

/** Column names made unique and non-empty ("Column 3" for a blank one, "Fee (2)" for a repeat). */
const uniqueNames = (names: ReadonlyArray<string>) => {
  const seen = new Map<string, number>()
  return names.map((raw, i) => {
    const name = raw.trim() || `Column ${i + 1}`
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return n === 1 ? name : `${name} (${n})`
  })
}

/** A file's text as a table under the settings; more than MAX_IMPORT_ROWS data rows is refused. */
export const readTable = (text: string, settings: ParseSettings): Table => {
  let records: Array<{ readonly row: number; readonly cells: Array<string> }>
  try {
    records = parse(text, {
      delimiter: settings.delimiter,
      quote: settings.quote,
      from_line: settings.skipRows + 1,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      to: MAX_IMPORT_ROWS + 2,
      // Each record with the line it ends on (no info object per record: 50,000 of them add up).
      on_record: ((cells: Array<string>, context: { lines: number }) => ({
        row: context.lines,
        cells
      })) as never
    }) as unknown as typeof records
  } catch (e) {
    const line = (e as { lines?: number }).lines
    throw new UnreadableFile(
      `${line ? `Row ${line}: ` : ""}${e instanceof Error ? e.message.replace(/^[^:]*: /, "") : String(e)}`
    )
  }
  const width = Math.max(0, ...records.slice(0, 100).map((r) => r.cells.length))
  const head = settings.header ? records[0]?.cells : undefined
  const columns = uniqueNames(head ?? Array.from({ length: width }, (_, i) => `Column ${i + 1}`))
  const data = settings.header ? records.slice(1) : records
  if (data.length > MAX_IMPORT_ROWS) {
    throw new UnreadableFile(
      `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split it into smaller files`
    )
  }
  return { columns, rows: data }
}

/** A row as read: its activity (when it is one), the fields as text for the review, problems. */
export interface ReadRow {
  readonly row: number
  readonly cells: ReadonlyArray<string>
  /** The row's fields as read, for the review (made on demand: most rows are never shown). */
  readonly activity: () => ReadActivity
  readonly entry: CreateTransaction | undefined
  /** The instrument the row names, if any (mapped). */
  readonly symbol: string | undefined
  readonly externalId: string | undefined
  readonly issues: Array<RowIssue>
}

const KNOWN_TYPES = new Set<string>(ACTIVITY_TYPES)

/** "A deposit", "An interest", "A transfer in": a type in words, for messages. */
const article = (type: string) => `${/^[aeiou]/.test(type) ? "An" : "A"} ${type.replace("_", " ")}`

/** How one file (its columns, format, mapping and settings) turns rows into activities. */
export const rowReader = (options: {
  readonly columns: ReadonlyArray<string>
  readonly format: Format
  readonly mapping: ColumnMapping
  readonly settings: ParseSettings
  readonly symbols: SymbolMap
  readonly portfolioId: PortfolioId
  readonly now: number
}) => {
  const { columns, format, mapping, settings } = options
  const index = new Map(columns.map((c, i) => [c, i] as const))
  // A mapping may name a column by its number when the file has no header.
  const columnOf = (field: ImportField): string | null => {
    const name = mapping.columns[field]
    if (name === undefined) return null
    if (index.has(name)) return name
    const n = Number(name)
    return Number.isInteger(n) && columns[n - 1] !== undefined ? columns[n - 1]! : name
  }
  const fieldColumns = new Map(
    (Object.keys(mapping.columns) as Array<ImportField>).map((f) => [f, columnOf(f)] as const)
  )
  const types = new Map<string, ActivityType>(
    Object.entries({ ...format.mapping.types, ...mapping.types }).map(([k, v]) => [
      k.trim().toLowerCase(),
      v
    ])
  )
  const symbols = new Map(
    Object.entries(options.symbols).map(([k, v]) => [k.trim().toUpperCase(), v])
  )

  const typeOf = (text: string): ActivityType | undefined => {
    const key = text.trim().toLowerCase()
    const mapped = types.get(key)
    if (mapped !== undefined) return mapped
    const named = key.replace(/[\s-]+/g, "_")
    return KNOWN_TYPES.has(named) ? (named as ActivityType) : undefined
  }

  /** A problem of a row's field, with the column it comes from and that cell's text. */
  const locate = (
    r: { readonly cells: ReadonlyArray<string> },
    field: string,
    message: string
  ): RowIssue => {
    const column = fieldColumns.get(field as ImportField) ?? null
    const i = column === null ? undefined : index.get(column)
    return { column, value: i === undefined ? null : (r.cells[i] ?? null), message }
  }

  const read = (row: number, cellsOf: ReadonlyArray<string>): ReadRow => {
    const cells: Cells = (column) => {
      const i = index.get(column)
      return i === undefined ? undefined : cellsOf[i]
    }
    const text = (field: ImportField) => {
      const column = fieldColumns.get(field)
      const value = column ? cells(column)?.trim() : undefined
      return value === "" ? undefined : value
    }
    const issues: Array<RowIssue> = []
    const problem = (field: ImportField | null, message: string) =>
      issues.push(
        field === null
          ? { column: null, value: null, message }
          : locate({ cells: cellsOf }, field, message)
      )
    const d: Draft = {}

    const typeText = text("type")
    if (typeText !== undefined) {
      d.type = typeOf(typeText)
      if (d.type === undefined)
        problem(
          "type",
          format.unsupported?.[typeText.toLowerCase()] ??
            `"${typeText}" is not an activity this app knows: map it to one`
        )
    } else if (mapping.defaultType !== undefined) d.type = mapping.defaultType
    else
      problem(
        "type",
        fieldColumns.get("type")
          ? "The activity type is missing"
          : "No column holds the activity type: map one, or choose a type for every row"
      )

    const dateText = text("date")
    if (dateText === undefined) problem("date", "The date is missing")
    else {
      const time = readDate(dateText, settings.dateFormat, settings.timeZone)
      if (typeof time === "number") d.time = time
      else problem("date", time.problem)
    }

    for (const field of DECIMAL_FIELDS) {
      const value = text(field)
      if (value === undefined) continue
      const n = readNumber(value, settings.decimalSeparator)
      if (n === undefined)
        problem(field, `Not a number (decimal separator "${settings.decimalSeparator}")`)
      else (d as Record<string, string>)[field] = n.digits
    }

    const symbol = text("symbol")?.toUpperCase()
    d.symbol = symbol === undefined ? undefined : (symbols.get(symbol) ?? symbol)
    d.currency = text("currency")?.toUpperCase() ?? mapping.defaultCurrency
    // A note as written, spaces and all (a blank one is none).
    const noteColumn = fieldColumns.get("note")
    const note = noteColumn ? cells(noteColumn) : undefined
    d.note = note?.trim() ? note : undefined
    d.externalId = text("externalId")

    if (issues.length === 0) {
      const adjusted = format.adjust?.(d, cells)
      if (adjusted !== undefined)
        issues.push({
          column: adjusted.column,
          value: adjusted.column === null ? null : (cells(adjusted.column) ?? null),
          message: adjusted.message
        })
    }
    if (d.symbol) d.symbol = symbols.get(d.symbol) ?? d.symbol

    const executedAt = d.time === undefined ? null : new Date(d.time).toISOString()
    const activity = (): ReadActivity => ({
      type: d.type ?? typeText ?? null,
      executedAt,
      symbol: d.symbol ?? null,
      quantity: d.quantity ?? null,
      price: d.price ?? null,
      fee: d.fee ?? null,
      amount: d.amount ?? d.costBasis ?? null,
      currency: d.currency ?? null,
      externalId: d.externalId ?? null
    })
    if (issues.length > 0 || d.type === undefined) {
      return {
        row,
        cells: cellsOf,
        activity,
        entry: undefined,
        symbol: d.symbol ?? undefined,
        externalId: d.externalId,
        issues
      }
    }
    if (d.time !== undefined && d.time > options.now + 60_000)
      problem("date", "The date is in the future")

    const candidate: Record<string, unknown> = {
      type: d.type,
      portfolioId: options.portfolioId,
      executedAt,
      ...(d.note === undefined ? {} : { note: d.note })
    }
    for (const field of activityFields(d.type)) {
      const value = (d as Record<string, unknown>)[field]
      if (value !== undefined && value !== null) candidate[field] = value
      else if (field === "symbol" && value === null) candidate[field] = null
    }
    // The defaults a request may leave out, so that a complete row takes the fast check.
    if (d.type === "buy" || d.type === "sell") candidate.fee ??= "0"
    if (d.type === "dividend" || d.type === "interest") candidate.withholdingTax ??= "0"
    const decoded = decodeEntry[d.type](candidate)
    if (Either.isLeft(decoded)) {
      for (const i of ParseResult.ArrayFormatter.formatErrorSync(decoded.left)) {
        const field = String(i.path[0] ?? "")
        const message = i.message === "is missing" ? `${article(d.type)} needs ${field}` : i.message
        problem(
          (fieldColumns.has(field as ImportField) ? field : null) as ImportField | null,
          message
        )
      }
    }
    const entry = issues.length === 0 && Either.isRight(decoded) ? decoded.right : undefined
    return {
      row,
      cells: cellsOf,
      activity,
      entry,
      symbol: d.symbol ?? undefined,
      externalId: d.externalId,
      issues
    }
  }
  return { read, locate } as const
}

/**
 * One decoder per type (a row's type is known, so the union need not be tried member by member).
 * A row read in canonical form (decimals, symbol, time) that passes the type side's checks is
 * what decoding would give; any other goes through the Schema's decoder for its messages.
 */
const decodeEntry = Object.fromEntries(
  ACTIVITY_TYPES.map((t) => {
    const schema = CreateTransactionOf[t] as unknown as Schema.Schema<CreateTransaction, unknown>
    const full = Schema.decodeUnknownEither(schema, { errors: "all" })
    const check = typeCheck(Schema.typeSchema(schema))
    return [t, (u: unknown) => (check?.(u) ? Either.right(u as CreateTransaction) : full(u))]
  })
) as Record<ActivityType, (u: unknown) => Either.Either<CreateTransaction, ParseResult.ParseError>>

/** A file read under the options: its table (cells fixed as the user asked) and each row read. */
export const readFile = (
  bytes: Uint8Array,
  options: {
    readonly settings: ParseSettings
    readonly format: Format
    readonly mapping: ColumnMapping
    readonly symbols: SymbolMap
    readonly fixes: ReadonlyArray<{
      readonly row: number
      readonly column: string
      readonly value: string
    }>
    readonly portfolioId: PortfolioId
    readonly now: number
  }
) => {
  const table = readTable(decodeText(bytes, options.settings.encoding), options.settings)
  const reader = rowReader({ ...options, columns: table.columns })
  const fixes = new Map<number, Map<number, string>>()
  for (const f of options.fixes) {
    const column = table.columns.indexOf(f.column)
    if (column < 0) continue
    const row = fixes.get(f.row) ?? new Map<number, string>()
    row.set(column, f.value)
    fixes.set(f.row, row)
  }
  const rows = table.rows.map(({ row, cells }) => {
    const fixed = fixes.get(row)
    if (fixed === undefined) return reader.read(row, cells)
    const copy = [...cells]
    for (const [i, value] of fixed) {
      while (copy.length <= i) copy.push("")
      copy[i] = value
    }
    return reader.read(row, copy)
  })
  return { columns: table.columns, rows, locate: reader.locate }
}
