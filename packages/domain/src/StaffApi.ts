import { HttpApi } from "@effect/platform"
import { AdminApi } from "./AdminApi.js"
import { finishApi } from "./AppApi.js"
import { LogsApi } from "./LogsApi.js"
import { OperationsApi } from "./OperationsApi.js"

/** The operations of managers and administrators, for the web app's admin area (loaded apart). */
export class StaffApi extends finishApi(
  HttpApi.make("trading-app").add(AdminApi).add(LogsApi).add(OperationsApi)
) {}
