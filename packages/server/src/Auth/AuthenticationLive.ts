import { HttpApi, HttpRouter } from "@effect/platform"
import {
  Api,
  Authentication,
  atLeast,
  Forbidden,
  RequiredRole,
  type Role
} from "@trading-app/domain"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import { withRetryAfter } from "../Http/RetryAfter.js"
import { Admission } from "../RateLimit/Admission.js"
import { Auth } from "./Auth.js"

/** The least role of each operation that declares one, by method and route. */
const requiredRoles = () => {
  const roles = new Map<string, Role>()
  HttpApi.reflect(Api, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) => {
      const role = Context.getOption(endpoint.annotations, RequiredRole)
      if (Option.isSome(role)) roles.set(`${endpoint.method} ${endpoint.path}`, role.value)
    }
  })
  return roles
}

/**
 * The bearer middleware: verifies the JWT and that its session is still active, admits the
 * request (the account's standing and role now, the user's rate limit), and checks the role
 * against the operation's RequiredRole.
 */
export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function* () {
    const auth = yield* Auth
    const admission = yield* Admission
    const required = requiredRoles()
    return {
      bearer: (token) =>
        Effect.gen(function* () {
          const claims = yield* auth.authenticate(Redacted.value(token))
          const role = yield* admission.admit(claims.userId)
          const { route } = yield* HttpRouter.RouteContext
          const least = required.get(`${route.method} ${route.path}`)
          if (least !== undefined && !atLeast(role, least))
            return yield* new Forbidden({
              message: `This needs the ${least} role or above; yours is ${role}. Ask an administrator.`
            })
          return { ...claims, role }
        }).pipe(withRetryAfter)
    }
  })
)
