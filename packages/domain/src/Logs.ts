import { Schema } from "effect"
import { Email } from "./Email.js"
import { UserId } from "./Ids.js"
import { Page, pageCursor, pageLimit } from "./Paging.js"
import { Timestamp } from "./Timestamp.js"

/** What an entry is about, for filtering: sign-ins and access, trading, the system, risk, the API. */
export const LogCategory = Schema.Literal(
  "security",
  "trading",
  "system",
  "risk",
  "api"
).annotations({
  identifier: "LogCategory",
  message: () => "Category must be one of security, trading, system, risk, api"
})
export type LogCategory = typeof LogCategory.Type

export const LogLevel = Schema.Literal("warning", "error", "fatal").annotations({
  identifier: "LogLevel",
  message: () => "Level must be one of warning, error, fatal"
})
export type LogLevel = typeof LogLevel.Type

/** A user as a log entry names them: the e-mail is null once the account is gone. */
export const LoggedUser = Schema.Struct({
  id: UserId,
  email: Schema.NullOr(Email)
}).annotations({ identifier: "LoggedUser" })

const Details = Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
  description: "What else is known about the entry; never a password or a token"
})

/** One audit entry: who (`actor`) did what (`action`) to whose account (`user`), from where. */
export const AuditEntry = Schema.Struct({
  id: Schema.String.annotations({ description: "Ascending with time" }),
  at: Timestamp,
  action: Schema.String,
  category: LogCategory,
  actor: Schema.NullOr(LoggedUser).annotations({
    description: "Who acted; null for an unknown caller or the command line"
  }),
  user: Schema.NullOr(LoggedUser).annotations({ description: "The account the entry is about" }),
  target: Schema.NullOr(Schema.String).annotations({
    description: 'What was acted on, as "kind:id" (e.g. "portfolio:…"), when not the account'
  }),
  ip: Schema.NullOr(Schema.String),
  userAgent: Schema.NullOr(Schema.String),
  requestId: Schema.NullOr(Schema.String),
  details: Details
}).annotations({ identifier: "AuditEntry" })
export type AuditEntry = typeof AuditEntry.Type

export const AuditPage = Page("AuditPage", AuditEntry)
export type AuditPage = typeof AuditPage.Type

/** One warning or error of a replica. */
export const SystemLogEntry = Schema.Struct({
  id: Schema.String.annotations({ description: "Ascending with time" }),
  at: Timestamp,
  level: LogLevel,
  category: LogCategory,
  message: Schema.String,
  details: Details,
  requestId: Schema.NullOr(Schema.String),
  userId: Schema.NullOr(UserId),
  replica: Schema.String.annotations({ description: "The host name of the process that logged" })
}).annotations({ identifier: "SystemLogEntry" })
export type SystemLogEntry = typeof SystemLogEntry.Type

export const SystemLogPage = Page("SystemLogPage", SystemLogEntry)
export type SystemLogPage = typeof SystemLogPage.Type

const timeRange = {
  from: Schema.optional(Timestamp).annotations({ description: "Entries at or after" }),
  to: Schema.optional(Timestamp).annotations({ description: "Entries before" })
}

/** Filters of the audit log; every one given must hold. */
export const AuditFilters = Schema.Struct({
  ...timeRange,
  userId: Schema.optional(UserId).annotations({
    description: "Entries about this account or acted by it"
  }),
  action: Schema.optional(
    Schema.String.pipe(Schema.pattern(/^[a-z_]{1,64}$/, { message: () => "Not an action name" }))
  ),
  category: Schema.optional(LogCategory)
})
export type AuditFilters = typeof AuditFilters.Type

/** Filters of the system log; every one given must hold. `level` means that level or above. */
export const SystemLogFilters = Schema.Struct({
  ...timeRange,
  level: Schema.optional(LogLevel).annotations({ description: "This level or above" }),
  category: Schema.optional(LogCategory),
  userId: Schema.optional(UserId)
})
export type SystemLogFilters = typeof SystemLogFilters.Type

const paging = { limit: pageLimit(200, 50), cursor: pageCursor }

export const AuditQuery = Schema.Struct({ ...AuditFilters.fields, ...paging })
export const SystemLogQuery = Schema.Struct({ ...SystemLogFilters.fields, ...paging })
export const SecurityEventsQuery = Schema.Struct(paging)

export const ExportFormat = Schema.Literal("csv", "json").annotations({
  message: () => 'Format must be "csv" or "json"'
})
export type ExportFormat = typeof ExportFormat.Type

/** An export: the filters, and the file's format (CSV, or a JSON array). */
export const AuditExportQuery = Schema.Struct({ ...AuditFilters.fields, format: ExportFormat })
export const SystemLogExportQuery = Schema.Struct({
  ...SystemLogFilters.fields,
  format: ExportFormat
})

/** The most entries one export holds; narrow the filters for more. */
export const MAX_EXPORT_ROWS = 100_000
