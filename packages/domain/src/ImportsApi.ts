import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { finishApi } from "./AppApi.js"
import { Authentication, requires } from "./Authentication.js"
import { Conflict, NotFound, Unprocessable } from "./Errors.js"
import { ImportProfileId, ImportRunId, ImportUploadId } from "./Ids.js"
import {
  ImportOptions,
  ImportPreview,
  ImportProfile,
  ImportProfiles,
  ImportRun,
  ImportRuns,
  ImportUpload,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  PortfolioQuery,
  PreviewRequest,
  SaveImportProfile,
  UploadParams
} from "./Import.js"

const uploadId = HttpApiSchema.param("uploadId", ImportUploadId)
const runId = HttpApiSchema.param("runId", ImportRunId)
const profileId = HttpApiSchema.param("profileId", ImportProfileId)

/** The upload route, which takes a file instead of JSON (the server admits its larger body). */
export const IMPORT_UPLOAD_PATH = "/api/imports/uploads"

/** CSV files of activities into a portfolio: upload, review (dry run), commit, undo. */
export class ImportsApi extends HttpApiGroup.make("imports")
  .add(
    HttpApiEndpoint.post("upload", "/uploads")
      .setUrlParams(UploadParams)
      .setPayload(HttpApiSchema.Uint8Array({ contentType: "application/octet-stream" }))
      .addSuccess(ImportUpload, { status: 201 })
      .addError(NotFound)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Upload a CSV file to import into a portfolio")
      .annotate(
        OpenApi.Description,
        `The file's bytes as application/octet-stream, at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB and ${MAX_IMPORT_ROWS.toLocaleString("en")} rows. Its encoding, delimiter, quote, decimal separator, date format, header and format (preset) are detected; the upload is kept for a day.`
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.post("preview")`/uploads/${uploadId}/preview`
      .setPayload(PreviewRequest)
      .addSuccess(ImportPreview)
      .addError(NotFound)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Dry run: check every row as a commit would, show a page of them")
      .annotate(
        OpenApi.Description,
        "Each row is read with the settings and preset (or mapping), checked with the same rules as a new transaction (no sale of more than the existing and imported history holds), and compared with the portfolio's activities and the file's earlier rows for duplicates: by external id when the file has one, else by day, type, symbol, quantity, price, fee, amount and currency."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.post("commit")`/uploads/${uploadId}/commit`
      .setPayload(ImportOptions)
      .addSuccess(ImportRun, { status: 201 })
      .addError(NotFound)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Import the ready rows, all in one transaction")
      .annotate(
        OpenApi.Description,
        "Rows with problems and duplicates are left out (include takes duplicates all the same); the rest are recorded together or not at all, tagged with a new import run. Importing the same file again adds nothing."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("runs", "/runs")
      .setUrlParams(PortfolioQuery)
      .addSuccess(ImportRuns)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "The imports into a portfolio, newest first")
  )
  .add(
    HttpApiEndpoint.post("undo")`/runs/${runId}/undo`
      .addSuccess(ImportRun)
      .addError(NotFound)
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Undo an import: remove the activities it added")
      .annotate(
        OpenApi.Description,
        "Refused (422) when a later activity depends on them, such as a sale of units the import brought in."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("profiles", "/profiles")
      .setUrlParams(PortfolioQuery)
      .addSuccess(ImportProfiles)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A portfolio's saved column mappings")
  )
  .add(
    HttpApiEndpoint.put("saveProfile", "/profiles")
      .setPayload(SaveImportProfile)
      .addSuccess(ImportProfile)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Save a column mapping under a name (replacing one of that name)")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("deleteProfile")`/profiles/${profileId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Delete a saved column mapping")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("exportActivities", "/activities.csv")
      .setUrlParams(PortfolioQuery)
      .addSuccess(HttpApiSchema.Text({ contentType: "text/csv" }))
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A portfolio's activities as CSV in this app's own format")
      .annotate(
        OpenApi.Description,
        "Oldest first; importing the file with the trading-app preset reproduces the ledger."
      )
  )
  .middleware(Authentication)
  .prefix("/imports")
  .annotate(OpenApi.Title, "Imports") {}

/** The import operations alone, for the web app's import page (loaded with it). */
export class ImportApi extends finishApi(HttpApi.make("trading-app").add(ImportsApi)) {}
