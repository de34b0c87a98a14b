import { Schema } from "effect"
import { Currency } from "./Currency.js"
import { ImportProfileId, ImportRunId, ImportUploadId, PortfolioId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"
import { ActivityType } from "./Transaction.js"
import { TimeZone } from "./User.js"

/** The largest file an import takes, and the most data rows in it. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024
export const MAX_IMPORT_ROWS = 50_000

export const ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "latin1"] as const
export const Encoding = Schema.Literal(...ENCODINGS).annotations({
  identifier: "Encoding",
  description: "utf-8 (with or without a byte-order mark), utf-16le, utf-16be or latin1"
})
export type Encoding = typeof Encoding.Type

export const DELIMITERS = [",", ";", "\t", "|"] as const
export const DATE_FORMATS = ["ymd", "dmy", "mdy"] as const
export const DateFormat = Schema.Literal(...DATE_FORMATS).annotations({
  identifier: "DateFormat",
  description:
    "The order of year, month and day: ymd (2024-03-01, 20240301), dmy (01.03.2024, 01/03/2024) or mdy (03/01/2024), separated by -, . or /; a time may follow (14:30, 14:30:05, 2:30 PM, T14:30:05Z), with an offset or UTC"
})
export type DateFormat = typeof DateFormat.Type

/** How a file is read: detected on upload, each setting overridable. */
export const ParseSettings = strictStruct("ParseSettings", {
  encoding: Encoding,
  delimiter: Schema.Literal(...DELIMITERS),
  quote: Schema.Literal('"', "'"),
  decimalSeparator: Schema.Literal(".", ","),
  dateFormat: DateFormat,
  timeZone: TimeZone.annotations({
    description: "The zone of times the file writes without an offset (IANA name)"
  }),
  header: Schema.Boolean.annotations({ description: "Whether the first row read names columns" }),
  skipRows: Schema.Int.pipe(Schema.between(0, 1000)).annotations({
    description: "Rows at the top of the file to ignore (a title, a note) before the header"
  })
})
export type ParseSettings = typeof ParseSettings.Type

/** The formats the import knows by name; `custom` reads any file through a column mapping. */
export const PRESETS = [
  "trading-app",
  "ghostfolio",
  "wealthfolio",
  "coinbase",
  "binance",
  "custom"
] as const
export const ImportPreset = Schema.Literal(...PRESETS).annotations({
  identifier: "ImportPreset",
  message: () => `Preset must be one of ${PRESETS.join(", ")}`
})
export type ImportPreset = typeof ImportPreset.Type

/** The decimal fields of activities (each type has some of them). */
export const DECIMAL_FIELDS = [
  "quantity",
  "price",
  "fee",
  "amount",
  "withholdingTax",
  "costBasis",
  "sharesBefore",
  "sharesAfter"
] as const

/** What a column of a file can hold, as a field of an activity. */
export const IMPORT_FIELDS = [
  "date",
  "type",
  "symbol",
  ...DECIMAL_FIELDS,
  "currency",
  "note",
  "externalId"
] as const
export const ImportField = Schema.Literal(...IMPORT_FIELDS).annotations({
  identifier: "ImportField"
})
export type ImportField = typeof ImportField.Type

const ColumnName = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))

/** How a file without a preset becomes activities: which column holds each field. */
export const ColumnMapping = strictStruct("ColumnMapping", {
  columns: Schema.partial(Schema.Record({ key: ImportField, value: ColumnName })).annotations({
    description:
      "Each field and the column (its header, or its 1-based number without one) that holds it"
  }),
  types: Schema.Record({ key: Schema.String.pipe(Schema.maxLength(100)), value: ActivityType })
    .pipe(Schema.filter((r) => Object.keys(r).length <= 200 || "At most 200 type values"))
    .annotations({
      description:
        "Each value of the type column (any case) and the activity it means; the activity names themselves are known without"
    }),
  defaultType: Schema.optional(ActivityType).annotations({
    description: "The activity of every row, for a file without a type column"
  }),
  defaultCurrency: Schema.optional(Currency).annotations({
    description: "The currency of rows that name none"
  })
})
export type ColumnMapping = typeof ColumnMapping.Type

/** The file's symbols and the instruments they mean (BTC → BTC-USD). */
export const SymbolMap = Schema.Record({
  key: Schema.String.pipe(Schema.maxLength(64)),
  value: InstrumentSymbol
}).pipe(Schema.filter((r) => Object.keys(r).length <= 500 || "At most 500 symbols mapped"))
export type SymbolMap = typeof SymbolMap.Type

/** A cell the user corrected in the review: its row (as numbered in the preview) and column. */
export const CellFix = strictStruct("CellFix", {
  row: Schema.Int.pipe(Schema.positive()),
  column: ColumnName,
  value: Schema.String.pipe(Schema.maxLength(1000))
})
export type CellFix = typeof CellFix.Type

const RowNumbers = Schema.Array(Schema.Int.pipe(Schema.positive())).pipe(Schema.maxItems(10_000))

/** How to read an uploaded file and which of its rows to take. */
export const ImportOptions = strictStruct("ImportOptions", {
  settings: ParseSettings,
  preset: ImportPreset,
  mapping: Schema.optional(ColumnMapping).annotations({ description: "Required with custom" }),
  symbols: Schema.optionalWith(SymbolMap, { default: () => ({}) }),
  fixes: Schema.optionalWith(Schema.Array(CellFix).pipe(Schema.maxItems(1000)), {
    default: () => []
  }),
  exclude: Schema.optionalWith(RowNumbers, { default: () => [] }).annotations({
    description: "Rows not to import although they are ready"
  }),
  include: Schema.optionalWith(RowNumbers, { default: () => [] }).annotations({
    description: "Rows flagged as duplicates to import all the same"
  })
})
export type ImportOptions = typeof ImportOptions.Type

export const ROW_VIEWS = ["all", "problems", "duplicates", "ready", "excluded"] as const

export const PreviewRequest = strictStruct("PreviewRequest", {
  ...ImportOptions.fields,
  view: Schema.optionalWith(Schema.Literal(...ROW_VIEWS), { default: () => "all" as const }),
  offset: Schema.optionalWith(Schema.Int.pipe(Schema.between(0, 1_000_000)), {
    default: () => 0
  }),
  limit: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 500)), { default: () => 100 })
})
export type PreviewRequest = typeof PreviewRequest.Type

/** One problem of a row: the column it comes from (when one does), the value, and why. */
export const RowIssue = Schema.Struct({
  column: Schema.NullOr(Schema.String),
  value: Schema.NullOr(Schema.String),
  message: Schema.String
}).annotations({ identifier: "RowIssue" })
export type RowIssue = typeof RowIssue.Type

/** A row as the import understood it, each field as text (null where the row has none). */
export const ReadActivity = Schema.Struct({
  type: Schema.NullOr(Schema.String),
  executedAt: Schema.NullOr(Schema.String),
  symbol: Schema.NullOr(Schema.String),
  quantity: Schema.NullOr(Schema.String),
  price: Schema.NullOr(Schema.String),
  fee: Schema.NullOr(Schema.String),
  amount: Schema.NullOr(Schema.String),
  currency: Schema.NullOr(Schema.String),
  externalId: Schema.NullOr(Schema.String)
}).annotations({ identifier: "ReadActivity" })
export type ReadActivity = typeof ReadActivity.Type

export const ROW_STATUSES = ["ready", "invalid", "duplicate", "excluded"] as const
export const RowStatus = Schema.Literal(...ROW_STATUSES).annotations({
  description:
    "ready: imported on commit; invalid: skipped until fixed; duplicate: skipped unless included; excluded: left out by the user"
})
export type RowStatus = typeof RowStatus.Type

export const ImportRow = Schema.Struct({
  row: Schema.Int.annotations({
    description: "The row's line in the file, as a spreadsheet numbers it"
  }),
  cells: Schema.Array(Schema.String),
  activity: ReadActivity,
  status: RowStatus,
  duplicateOf: Schema.NullOr(Schema.String).annotations({
    description: "What the row repeats: an activity already in the portfolio, or an earlier row"
  }),
  issues: Schema.Array(RowIssue)
}).annotations({ identifier: "ImportRow" })
export type ImportRow = typeof ImportRow.Type

export const ImportCounts = Schema.Struct({
  rows: Schema.Int,
  ready: Schema.Int,
  invalid: Schema.Int,
  duplicates: Schema.Int,
  excluded: Schema.Int
}).annotations({ identifier: "ImportCounts" })
export type ImportCounts = typeof ImportCounts.Type

/** The dry run: every row checked as a commit would, a page of them shown. */
export const ImportPreview = Schema.Struct({
  uploadId: ImportUploadId,
  fileName: Schema.String,
  settings: ParseSettings,
  preset: ImportPreset,
  columns: Schema.Array(Schema.String),
  counts: ImportCounts,
  total: Schema.Int.annotations({ description: "Rows in the requested view" }),
  rows: Schema.Array(ImportRow),
  unknownSymbols: Schema.Array(Schema.String).annotations({
    description: "Symbols of the file no instrument has: map them to instruments"
  }),
  typeValues: Schema.Array(Schema.String).annotations({
    description: "The distinct values of the type column (at most 200)"
  })
}).annotations({ identifier: "ImportPreview" })
export type ImportPreview = typeof ImportPreview.Type

export const UploadParams = Schema.Struct({
  portfolioId: PortfolioId,
  fileName: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(255))
})

/** A file received: what was detected about it, to start the review with. */
export const ImportUpload = Schema.Struct({
  id: ImportUploadId,
  portfolioId: PortfolioId,
  fileName: Schema.String,
  size: Schema.Int,
  settings: ParseSettings,
  preset: ImportPreset,
  mapping: ColumnMapping.annotations({ description: "A mapping guessed from the column names" }),
  columns: Schema.Array(Schema.String),
  expiresAt: Timestamp
}).annotations({ identifier: "ImportUpload" })
export type ImportUpload = typeof ImportUpload.Type

/** A commit: what it added, from which file, and whether it was undone. */
export const ImportRun = Schema.Struct({
  id: ImportRunId,
  portfolioId: PortfolioId,
  fileName: Schema.String,
  preset: ImportPreset,
  rows: Schema.Int,
  imported: Schema.Int,
  duplicates: Schema.Int,
  invalid: Schema.Int,
  excluded: Schema.Int,
  createdAt: Timestamp,
  undoneAt: Schema.NullOr(Timestamp)
}).annotations({ identifier: "ImportRun" })
export type ImportRun = typeof ImportRun.Type

export const ImportRuns = Schema.Struct({ items: Schema.Array(ImportRun) }).annotations({
  identifier: "ImportRuns"
})

export const PortfolioQuery = Schema.Struct({ portfolioId: PortfolioId })

export const ProfileName = Schema.String.pipe(
  Schema.trimmed({ message: () => "Name must not start or end with spaces" }),
  Schema.minLength(1, { message: () => "Name is required" }),
  Schema.maxLength(100, { message: () => "Name must be at most 100 characters" })
)

/** A saved way to read a portfolio's files: settings, mapping and symbols. */
export const SaveImportProfile = strictStruct("SaveImportProfile", {
  portfolioId: PortfolioId,
  name: ProfileName,
  settings: ParseSettings,
  mapping: ColumnMapping,
  symbols: SymbolMap
})
export type SaveImportProfile = typeof SaveImportProfile.Type

export const ImportProfile = Schema.Struct({
  id: ImportProfileId,
  ...SaveImportProfile.fields,
  updatedAt: Timestamp
}).annotations({ identifier: "ImportProfile" })
export type ImportProfile = typeof ImportProfile.Type

export const ImportProfiles = Schema.Struct({ items: Schema.Array(ImportProfile) }).annotations({
  identifier: "ImportProfiles"
})
