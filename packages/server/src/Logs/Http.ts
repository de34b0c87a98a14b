import { HttpApiBuilder } from "@effect/platform"
import {
  Api,
  type AuditEntry,
  CurrentUser,
  type ExportFormat,
  type SystemLogEntry
} from "@trading-app/domain"
import { Effect } from "effect"
import { AuditLog } from "./AuditLog.js"
import { type Column, exportResponse } from "./Export.js"
import { LogsRepo, logCursor, logPage } from "./LogsRepo.js"

const AUDIT_COLUMNS: ReadonlyArray<Column<AuditEntry>> = [
  ["id", (e) => e.id],
  ["at", (e) => e.at],
  ["action", (e) => e.action],
  ["category", (e) => e.category],
  ["actor_id", (e) => e.actor?.id],
  ["actor_email", (e) => e.actor?.email],
  ["user_id", (e) => e.user?.id],
  ["user_email", (e) => e.user?.email],
  ["target", (e) => e.target],
  ["ip", (e) => e.ip],
  ["user_agent", (e) => e.userAgent],
  ["request_id", (e) => e.requestId],
  ["details", (e) => e.details]
]

const SYSTEM_COLUMNS: ReadonlyArray<Column<SystemLogEntry>> = [
  ["id", (e) => e.id],
  ["at", (e) => e.at],
  ["level", (e) => e.level],
  ["category", (e) => e.category],
  ["message", (e) => e.message],
  ["request_id", (e) => e.requestId],
  ["user_id", (e) => e.userId],
  ["replica", (e) => e.replica],
  ["details", (e) => e.details]
]

/** Takes the format out of an export's query: the rest are the filters. */
const splitFormat = <Q extends { readonly format: ExportFormat }>({ format, ...filters }: Q) =>
  ({ format, filters }) as const

export const LogsHttpLive = HttpApiBuilder.group(Api, "logs", (handlers) =>
  Effect.gen(function* () {
    const repo = yield* LogsRepo
    const audit = yield* AuditLog

    /** Exporting a log is itself audited, with the filters used. */
    const recordExport = (log: string, format: ExportFormat, filters: object) =>
      Effect.flatMap(CurrentUser, ({ userId }) =>
        audit.record("logs_exported", {
          user: null,
          actor: userId,
          details: { log, format, filters }
        })
      )

    return handlers
      .handle("audit", ({ urlParams: { cursor, limit, ...filters } }) =>
        Effect.flatMap(logCursor(cursor), (before) =>
          Effect.map(repo.audit(filters, before, limit + 1), (rows) => logPage(rows, limit))
        )
      )
      .handleRaw("exportAudit", ({ urlParams }) =>
        Effect.gen(function* () {
          const { format, filters } = splitFormat(urlParams)
          yield* recordExport("audit", format, filters)
          return exportResponse({
            name: "audit-log",
            format,
            columns: AUDIT_COLUMNS,
            read: (before, limit) => repo.audit(filters, before, limit)
          })
        })
      )
      .handle("system", ({ urlParams: { cursor, limit, ...filters } }) =>
        Effect.flatMap(logCursor(cursor), (before) =>
          Effect.map(repo.system(filters, before, limit + 1), (rows) => logPage(rows, limit))
        )
      )
      .handleRaw("exportSystem", ({ urlParams }) =>
        Effect.gen(function* () {
          const { format, filters } = splitFormat(urlParams)
          yield* recordExport("system", format, filters)
          return exportResponse({
            name: "system-log",
            format,
            columns: SYSTEM_COLUMNS,
            read: (before, limit) => repo.system(filters, before, limit)
          })
        })
      )
  })
)
