import { Authentication } from "@trading-app/domain"
import { Effect, Layer, Redacted } from "effect"
import { Auth } from "./Auth.js"

/** The bearer middleware: verifies the JWT and that its session is still active. */
export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.map(Auth, (auth) => ({
    bearer: (token) => auth.authenticate(Redacted.value(token))
  }))
)
