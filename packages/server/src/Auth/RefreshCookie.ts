import { HttpApp, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { REFRESH_COOKIE, SESSION_HINT_COOKIE } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { AppConfig } from "../AppConfig.js"

// Sent only to the auth endpoints, never readable by scripts, never sent cross-site.
const cookieOptions = (secure: boolean) =>
  ({ httpOnly: true, secure, sameSite: "strict", path: "/api/auth" }) as const

// The hint is for the web app's scripts, on every path; it says only that a session may exist.
const hintOptions = (secure: boolean) => ({ secure, sameSite: "strict", path: "/" }) as const

export const readRefreshCookie = Effect.map(HttpServerRequest.HttpServerRequest, (request) =>
  Option.fromNullable(request.cookies[REFRESH_COOKIE]).pipe(Option.filter((v) => v !== ""))
)

export const setRefreshCookie = (token: string) =>
  Effect.flatMap(AppConfig, (config) =>
    HttpApp.appendPreResponseHandler((_request, response) =>
      Effect.succeed(
        response.pipe(
          HttpServerResponse.unsafeSetCookie(REFRESH_COOKIE, token, {
            ...cookieOptions(config.cookieSecure),
            maxAge: config.refreshTokenTtl
          }),
          HttpServerResponse.unsafeSetCookie(SESSION_HINT_COOKIE, "1", {
            ...hintOptions(config.cookieSecure),
            maxAge: config.refreshTokenTtl
          })
        )
      )
    )
  )

export const clearRefreshCookie = Effect.flatMap(AppConfig, (config) =>
  HttpApp.appendPreResponseHandler((_request, response) =>
    Effect.succeed(
      response.pipe(
        HttpServerResponse.expireCookie(REFRESH_COOKIE, cookieOptions(config.cookieSecure)),
        HttpServerResponse.expireCookie(SESSION_HINT_COOKIE, hintOptions(config.cookieSecure))
      )
    )
  )
)
