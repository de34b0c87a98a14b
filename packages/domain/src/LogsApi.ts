import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Authentication, requires } from "./Authentication.js"
import { ValidationError } from "./Errors.js"
import {
  AuditExportQuery,
  AuditPage,
  AuditQuery,
  MAX_EXPORT_ROWS,
  SystemLogExportQuery,
  SystemLogPage,
  SystemLogQuery
} from "./Logs.js"

const exportFile = HttpApiSchema.Text({ contentType: "text/csv" }).annotations({
  description: `A file of at most ${MAX_EXPORT_ROWS.toLocaleString("en")} entries, newest first: CSV (text/csv) or a JSON array (application/json), as format says`
})

/** The audit and system logs, for managers (support) and administrators. */
export class LogsApi extends HttpApiGroup.make("logs")
  .add(
    HttpApiEndpoint.get("audit", "/audit")
      .setUrlParams(AuditQuery)
      .addSuccess(AuditPage)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "The audit log, newest first")
      .pipe(requires("manager"))
  )
  .add(
    HttpApiEndpoint.get("exportAudit", "/audit/export")
      .setUrlParams(AuditExportQuery)
      .addSuccess(exportFile)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "Download the audit log's entries that match (audited)")
      .pipe(requires("manager"))
  )
  .add(
    HttpApiEndpoint.get("system", "/system-log")
      .setUrlParams(SystemLogQuery)
      .addSuccess(SystemLogPage)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "Warnings and errors of every replica, newest first")
      .pipe(requires("manager"))
  )
  .add(
    HttpApiEndpoint.get("exportSystem", "/system-log/export")
      .setUrlParams(SystemLogExportQuery)
      .addSuccess(exportFile)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "Download the system log's entries that match (audited)")
      .pipe(requires("manager"))
  )
  .middleware(Authentication)
  .prefix("/admin")
  .annotate(OpenApi.Title, "Logs") {}
