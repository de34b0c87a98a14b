import { Schema } from "effect"
import { Email } from "./Email.js"
import { LoginPassword, Password } from "./Password.js"
import { strictStruct } from "./Strict.js"
import { DisplayName, User } from "./User.js"

export const RegisterRequest = strictStruct("RegisterRequest", {
  email: Email,
  password: Password,
  displayName: Schema.optional(DisplayName),
  acceptTerms: Schema.Literal(true).annotations({
    message: () => "You must accept the terms of service and the privacy policy",
    description: "Consent to the current terms of service and privacy policy; must be true"
  })
})
export type RegisterRequest = typeof RegisterRequest.Type

export const LoginRequest = strictStruct("LoginRequest", {
  email: Email,
  password: LoginPassword
})
export type LoginRequest = typeof LoginRequest.Type

export const AccessToken = Schema.Struct({
  accessToken: Schema.String.annotations({
    description: "Bearer token for the Authorization header"
  }),
  expiresIn: Schema.Int.annotations({ description: "Seconds until the access token expires" })
}).annotations({ identifier: "AccessToken" })
export type AccessToken = typeof AccessToken.Type

export const AuthSession = Schema.Struct({
  user: User,
  ...AccessToken.fields
}).annotations({ identifier: "AuthSession" })
export type AuthSession = typeof AuthSession.Type

/** The name of the HttpOnly cookie that carries the refresh token. */
export const REFRESH_COOKIE = "refresh_token"

/**
 * A cookie scripts may read, set and cleared with the refresh cookie: it holds no secret, only
 * tells the web app whether a session may be restored, so a first visit asks nothing (and no
 * refused refresh shows in the browser's console).
 */
export const SESSION_HINT_COOKIE = "signed_in"

/** Whether "forgot password" works on this server, and where development mail can be read. */
export const PasswordResetStatus = Schema.Struct({
  available: Schema.Boolean,
  mailbox: Schema.NullOr(Schema.String).annotations({
    description: "In development, the local mail catcher's page where reset mails arrive"
  })
}).annotations({ identifier: "PasswordResetStatus" })
export type PasswordResetStatus = typeof PasswordResetStatus.Type

export const PasswordResetRequest = strictStruct("PasswordResetRequest", { email: Email })
export type PasswordResetRequest = typeof PasswordResetRequest.Type

/** The same answer whether or not an account has the address. */
export const PasswordResetAccepted = Schema.Struct({
  message: Schema.String,
  mailbox: Schema.NullOr(Schema.String)
}).annotations({ identifier: "PasswordResetAccepted" })
export type PasswordResetAccepted = typeof PasswordResetAccepted.Type

export const ConfirmPasswordReset = strictStruct("ConfirmPasswordReset", {
  token: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  newPassword: Password
})
export type ConfirmPasswordReset = typeof ConfirmPasswordReset.Type
