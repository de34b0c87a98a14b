import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { ServiceUnavailable } from "./Errors.js"

export const Liveness = Schema.Struct({ status: Schema.Literal("ok") }).annotations({
  identifier: "Liveness"
})

export const Readiness = Schema.Struct({
  status: Schema.Literal("ready"),
  checks: Schema.Record({ key: Schema.String, value: Schema.String })
}).annotations({ identifier: "Readiness" })

export class HealthApi extends HttpApiGroup.make("health")
  .add(
    HttpApiEndpoint.get("live", "/")
      .addSuccess(Liveness)
      .annotate(OpenApi.Summary, "Liveness: the process answers")
  )
  .add(
    HttpApiEndpoint.get("ready", "/ready")
      .addSuccess(Readiness)
      .addError(ServiceUnavailable)
      .annotate(OpenApi.Summary, "Readiness: the database is reachable and migrated")
  )
  .prefix("/health")
  .annotate(OpenApi.Title, "Health") {}
