import { HttpApiMiddleware, HttpApiSecurity } from "@effect/platform"
import { Context, Schema } from "effect"
import { TooManyRequests, Unauthorized } from "./Errors.js"
import type { UserId } from "./Ids.js"

/** Who is calling: the user and the sign-in session (refresh-token family) the token belongs to. */
export class CurrentUser extends Context.Tag("CurrentUser")<
  CurrentUser,
  { readonly userId: UserId; readonly sessionId: string }
>() {}

/**
 * Bearer-token authentication: a valid access token of a session that has not been revoked,
 * within the user's API rate limit (429 with Retry-After beyond it).
 */
export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("Authentication", {
  failure: Schema.Union(Unauthorized, TooManyRequests),
  provides: CurrentUser,
  security: { bearer: HttpApiSecurity.bearer }
}) {}
