import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { SessionsEnded } from "./Admin.js"
import { Authentication } from "./Authentication.js"
import { NotFound, TooManyRequests, Unprocessable, ValidationError } from "./Errors.js"
import { AuditPage, SecurityEventsQuery } from "./Logs.js"
import { ChangePassword, DeleteAccount, OwnSessions, UpdateProfile, User } from "./User.js"

const sessionId = HttpApiSchema.param("sessionId", Schema.UUID)

export class UsersApi extends HttpApiGroup.make("users")
  .add(
    HttpApiEndpoint.get("me", "/me")
      .addSuccess(User)
      .annotate(OpenApi.Summary, "The signed-in user")
  )
  .add(
    HttpApiEndpoint.patch("updateMe", "/me")
      .setPayload(UpdateProfile)
      .addSuccess(User)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "Change your name, default currency or time zone")
  )
  .add(
    HttpApiEndpoint.post("changePassword", "/me/password")
      .setPayload(ChangePassword)
      .addSuccess(HttpApiSchema.NoContent)
      .addError(ValidationError)
      .addError(Unprocessable)
      .addError(TooManyRequests)
      .annotate(OpenApi.Summary, "Change your password; every other session ends")
      .annotate(
        OpenApi.Description,
        "A wrong current password counts as a failed sign-in of the account (429 beyond the limit)."
      )
  )
  .add(
    HttpApiEndpoint.get("sessions", "/me/sessions")
      .addSuccess(OwnSessions)
      .annotate(OpenApi.Summary, "Your sign-in sessions that have not ended, newest first")
  )
  .add(
    HttpApiEndpoint.del("endSession")`/me/sessions/${sessionId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Sign one of your sessions out")
  )
  .add(
    HttpApiEndpoint.del("endOtherSessions", "/me/sessions")
      .addSuccess(SessionsEnded)
      .annotate(OpenApi.Summary, "Sign out everywhere but here")
  )
  .add(
    HttpApiEndpoint.post("deleteMe", "/me/delete")
      .setPayload(DeleteAccount)
      .addSuccess(HttpApiSchema.NoContent)
      .addError(ValidationError)
      .addError(Unprocessable)
      .addError(TooManyRequests)
      .annotate(OpenApi.Summary, "Delete your account and everything it holds")
      .annotate(
        OpenApi.Description,
        "Needs your password. Portfolios, activities, conversations and exports are deleted; audit entries stay, with nothing left in them that names you."
      )
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
