import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Authentication } from "./Authentication.js"
import { ValidationError } from "./Errors.js"
import { AuditPage, SecurityEventsQuery } from "./Logs.js"
import { User } from "./User.js"

export class UsersApi extends HttpApiGroup.make("users")
  .add(
    HttpApiEndpoint.get("me", "/me")
      .addSuccess(User)
      .annotate(OpenApi.Summary, "The signed-in user")
  )
  .add(
    HttpApiEndpoint.get("securityEvents", "/me/security-events")
      .setUrlParams(SecurityEventsQuery)
      .addSuccess(AuditPage)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "Your sign-ins, sign-outs and other security events, newest first")
  )
  .middleware(Authentication)
  .prefix("/users")
  .annotate(OpenApi.Title, "Users") {}
