import { HttpApiMiddleware, HttpApiSecurity } from "@effect/platform"
import { Context } from "effect"
import { Unauthorized } from "./Errors.js"
import type { UserId } from "./Ids.js"

/** Who is calling: the user and the sign-in session (refresh-token family) the token belongs to. */
export class CurrentUser extends Context.Tag("CurrentUser")<
  CurrentUser,
  { readonly userId: UserId; readonly sessionId: string }
>() {}

/** Bearer-token authentication: a valid access token of a session that has not been revoked. */
export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("Authentication", {
  failure: Unauthorized,
  provides: CurrentUser,
  security: { bearer: HttpApiSecurity.bearer }
}) {}
