import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { AccessToken, AuthSession, LoginRequest, RegisterRequest } from "./Auth.js"
import { Conflict, TooManyRequests, Unauthorized } from "./Errors.js"

export class AuthApi extends HttpApiGroup.make("auth")
  .add(
    HttpApiEndpoint.post("register", "/register")
      .setPayload(RegisterRequest)
      .addSuccess(AuthSession, { status: 201 })
      .addError(Conflict)
      .addError(TooManyRequests)
      .annotate(OpenApi.Summary, "Create an account")
      .annotate(
        OpenApi.Description,
        "Creates the user and a default portfolio, signs in, and sets the refresh-token cookie."
      )
  )
  .add(
    HttpApiEndpoint.post("login", "/login")
      .setPayload(LoginRequest)
      .addSuccess(AuthSession)
      .addError(Unauthorized)
      .addError(TooManyRequests)
      .annotate(OpenApi.Summary, "Sign in with e-mail and password")
      .annotate(OpenApi.Description, "Sets the HttpOnly refresh-token cookie.")
  )
  .add(
    HttpApiEndpoint.post("refresh", "/refresh")
      .addSuccess(AccessToken)
      .addError(Unauthorized)
      .annotate(OpenApi.Summary, "Get a new access token")
      .annotate(
        OpenApi.Description,
        "Uses and rotates the refresh-token cookie. Presenting an already used token revokes the whole session."
      )
  )
  .add(
    HttpApiEndpoint.post("logout", "/logout")
      .addSuccess(HttpApiSchema.NoContent)
      .annotate(OpenApi.Summary, "Sign out")
      .annotate(
        OpenApi.Description,
        "Revokes the session of the bearer token or refresh cookie, so neither can be used again."
      )
  )
  .prefix("/auth")
  .annotate(OpenApi.Title, "Authentication") {}
