import { HttpApiMiddleware, HttpApiSecurity, OpenApi } from "@effect/platform"
import { Context, Schema } from "effect"
import { Forbidden, TooManyRequests, Unauthorized } from "./Errors.js"
import type { UserId } from "./Ids.js"
import type { Role } from "./Role.js"

/**
 * Who is calling: the user, the sign-in session (refresh-token family) the token belongs to,
 * and the user's role as stored now (a change counts from the next request).
 */
export class CurrentUser extends Context.Tag("CurrentUser")<
  CurrentUser,
  { readonly userId: UserId; readonly sessionId: string; readonly role: Role }
>() {}

/**
 * Bearer-token authentication: a valid access token of a session that has not been revoked,
 * of an enabled account whose role the operation allows (403 below it), within the user's API
 * rate limit (429 with Retry-After beyond it).
 */
export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("Authentication", {
  failure: Schema.Union(Unauthorized, Forbidden, TooManyRequests),
  provides: CurrentUser,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

/**
 * The least role an operation needs; operations without one are open to every signed-in user
 * (viewer and above). Enforced by the Authentication middleware, which answers 403 below it;
 * declared in openapi.json as the operation's `x-required-role`.
 */
export class RequiredRole extends Context.Tag("RequiredRole")<RequiredRole, Role>() {}

interface Annotatable<E> {
  annotate<I, S>(tag: Context.Tag<I, S>, value: S): E
}

/** Marks an endpoint as needing `role` or above. */
export const requires =
  (role: Role) =>
  <E extends Annotatable<E>>(endpoint: E): E =>
    endpoint.annotate(RequiredRole, role).annotate(OpenApi.Override, { "x-required-role": role })
