import { HttpApiBuilder, HttpServerRequest } from "@effect/platform"
import { Api } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { clientInfo } from "../Http/ClientInfo.js"
import { withRetryAfter } from "../Http/RetryAfter.js"
import { Auth } from "./Auth.js"
import { PasswordReset } from "./PasswordReset.js"
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from "./RefreshCookie.js"

const bearerToken = Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
  const header = request.headers.authorization ?? ""
  return header.toLowerCase().startsWith("bearer ")
    ? Option.some(header.slice(7).trim())
    : Option.none()
})

export const AuthHttpLive = HttpApiBuilder.group(Api, "auth", (handlers) =>
  Effect.gen(function* () {
    const auth = yield* Auth
    const reset = yield* PasswordReset
    return handlers
      .handle("register", ({ payload }) =>
        Effect.gen(function* () {
          const signedIn = yield* auth.register(payload, yield* clientInfo)
          yield* setRefreshCookie(signedIn.refreshToken)
          return signedIn.session
        }).pipe(withRetryAfter)
      )
      .handle("login", ({ payload }) =>
        Effect.gen(function* () {
          const signedIn = yield* auth.login(payload, yield* clientInfo)
          yield* setRefreshCookie(signedIn.refreshToken)
          return signedIn.session
        }).pipe(withRetryAfter)
      )
      .handle("refresh", () =>
        Effect.gen(function* () {
          const result = yield* auth
            .refresh(yield* readRefreshCookie, yield* clientInfo)
            .pipe(Effect.tapError(() => clearRefreshCookie))
          yield* setRefreshCookie(result.refreshToken)
          return result.access
        })
      )
      .handle("logout", () =>
        Effect.gen(function* () {
          yield* auth.logout(yield* bearerToken, yield* readRefreshCookie, yield* clientInfo)
          yield* clearRefreshCookie
        })
      )
      .handle("passwordResetStatus", () => Effect.succeed(reset.status))
      .handle("requestPasswordReset", ({ payload }) =>
        reset.request(payload.email).pipe(withRetryAfter)
      )
      .handle("confirmPasswordReset", ({ payload }) => reset.confirm(payload))
  })
)
