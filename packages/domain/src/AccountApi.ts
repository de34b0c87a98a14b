import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { AccountExport, AccountExports, ExportId } from "./Account.js"
import { finishApi } from "./AppApi.js"
import { Authentication } from "./Authentication.js"
import { NotFound } from "./Errors.js"

const exportId = HttpApiSchema.param("exportId", ExportId)

/** The signed-in user's own account: a download of all of its data. */
export class AccountApi extends HttpApiGroup.make("account")
  .add(
    HttpApiEndpoint.post("startExport", "/exports")
      .addSuccess(AccountExport, { status: 202 })
      .annotate(OpenApi.Summary, "Start an export of everything your account holds")
      .annotate(
        OpenApi.Description,
        "A background job gathers your profile, portfolios, activities and conversations; its progress arrives on the event stream (job.progress). While one is queued or running, that one is answered."
      )
  )
  .add(
    HttpApiEndpoint.get("exports", "/exports")
      .addSuccess(AccountExports)
      .annotate(OpenApi.Summary, "Your exports of the last day, newest first")
  )
  .add(
    HttpApiEndpoint.get("downloadExport")`/exports/${exportId}/download`
      .addSuccess(HttpApiSchema.Text({ contentType: "application/json" }))
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Download a ready export (JSON)")
  )
  .middleware(Authentication)
  .prefix("/account")
  .annotate(OpenApi.Title, "Account") {}

/** The operations of the account page alone, for its client in the web app (loaded with it). */
export class AccountClientApi extends finishApi(HttpApi.make("trading-app").add(AccountApi)) {}
