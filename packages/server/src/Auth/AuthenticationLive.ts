import { Authentication } from "@trading-app/domain"
import { Effect, Layer, Redacted } from "effect"
import { withRetryAfter } from "../Http/RetryAfter.js"
import { ApiRateLimit } from "../RateLimit/ApiRateLimit.js"
import { Auth } from "./Auth.js"

/**
 * The bearer middleware: verifies the JWT and that its session is still active, then counts the
 * request against the user's rate limit.
 */
export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function* () {
    const auth = yield* Auth
    const rateLimit = yield* ApiRateLimit
    return {
      bearer: (token) =>
        auth.authenticate(Redacted.value(token)).pipe(
          Effect.tap((claims) => rateLimit.check(claims.userId)),
          withRetryAfter
        )
    }
  })
)
