import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import {
  AccessToken,
  AuthSession,
  ConfirmPasswordReset,
  LoginRequest,
  PasswordResetAccepted,
  PasswordResetRequest,
  PasswordResetStatus,
  RegisterRequest
} from "./Auth.js"
import { Conflict, NotAvailable, TooManyRequests, Unauthorized, Unprocessable } from "./Errors.js"

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
  .add(
    HttpApiEndpoint.get("passwordResetStatus", "/password-reset")
      .addSuccess(PasswordResetStatus)
      .annotate(OpenApi.Summary, "Whether a forgotten password can be reset by e-mail here")
  )
  .add(
    HttpApiEndpoint.post("requestPasswordReset", "/password-reset")
      .setPayload(PasswordResetRequest)
      .addSuccess(PasswordResetAccepted, { status: 202 })
      .addError(TooManyRequests)
      .addError(NotAvailable)
      .annotate(OpenApi.Summary, "Send a password reset link by e-mail")
      .annotate(
        OpenApi.Description,
        "The same answer whether or not an account has the address. The link holds a single-use token valid 30 minutes. Throttled per address (429) and per account (further requests send nothing). 503 when the server has no mail settings."
      )
  )
  .add(
    HttpApiEndpoint.post("confirmPasswordReset", "/password-reset/confirm")
      .setPayload(ConfirmPasswordReset)
      .addSuccess(HttpApiSchema.NoContent)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Set a new password with the token of a reset link")
      .annotate(OpenApi.Description, "Every session of the account ends; sign in again.")
  )
  .prefix("/auth")
  .annotate(OpenApi.Title, "Authentication") {}
