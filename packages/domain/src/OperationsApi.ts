import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Authentication, requires } from "./Authentication.js"
import { OperationsDashboard } from "./Operations.js"

/** The operations dashboard, for administrators. */
export class OperationsApi extends HttpApiGroup.make("operations")
  .add(
    HttpApiEndpoint.get("dashboard", "/")
      .addSuccess(OperationsDashboard)
      .annotate(
        OpenApi.Summary,
        "Database, replicas, requests, market data, Librarian, jobs, events"
      )
      .annotate(
        OpenApi.Description,
        "Each replica and worker reports itself every 10 seconds; requests are over the last minute. Parts that do not answer are reported as such, never as a failure of the whole."
      )
      .pipe(requires("admin"))
  )
  .middleware(Authentication)
  .prefix("/admin/operations")
  .annotate(OpenApi.Title, "Operations") {}
