import { HttpApp, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { REFRESH_COOKIE } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { AppConfig } from "../AppConfig.js"

// Sent only to the auth endpoints, never readable by scripts, never sent cross-site.
const cookieOptions = (secure: boolean) =>
  ({ httpOnly: true, secure, sameSite: "strict", path: "/api/auth" }) as const

export const readRefreshCookie = Effect.map(HttpServerRequest.HttpServerRequest, (request) =>
  Option.fromNullable(request.cookies[REFRESH_COOKIE]).pipe(Option.filter((v) => v !== ""))
)

export const setRefreshCookie = (token: string) =>
  Effect.flatMap(AppConfig, (config) =>
    HttpApp.appendPreResponseHandler((_request, response) =>
      Effect.succeed(
        HttpServerResponse.unsafeSetCookie(response, REFRESH_COOKIE, token, {
          ...cookieOptions(config.cookieSecure),
          maxAge: config.refreshTokenTtl
        })
      )
    )
  )

export const clearRefreshCookie = Effect.flatMap(AppConfig, (config) =>
  HttpApp.appendPreResponseHandler((_request, response) =>
    Effect.succeed(
      HttpServerResponse.expireCookie(response, REFRESH_COOKIE, cookieOptions(config.cookieSecure))
    )
  )
)
