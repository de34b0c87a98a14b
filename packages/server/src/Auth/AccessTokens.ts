import { Unauthorized, type UserId } from "@trading-app/domain"
import { Duration, Effect, Redacted } from "effect"
import { jwtVerify, SignJWT } from "jose"
import { AppConfig } from "../AppConfig.js"

const ALGORITHM = "HS256"
const TOKEN_TYPE = "at+jwt"
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface AccessClaims {
  readonly userId: UserId
  readonly sessionId: string
}

export interface IssueRequest extends AccessClaims {
  /** The session's end: a token never outlives its session. */
  readonly notAfter: Date
}

const invalid = new Unauthorized({ message: "The access token is invalid or has expired" })

/**
 * Short-lived JWT access tokens. The verifier pins the algorithm, the type, the issuer and the
 * audience; anything else (alg "none", another key, another audience, expiry) is refused.
 */
export class AccessTokens extends Effect.Service<AccessTokens>()("AccessTokens", {
  effect: Effect.gen(function* () {
    const config = yield* AppConfig
    // Imported once: handing jose raw bytes would import the key again on every call.
    const key = yield* Effect.promise(() =>
      crypto.subtle.importKey(
        "raw",
        new TextEncoder().encode(Redacted.value(config.jwtSecret)),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign", "verify"]
      )
    )
    const ttlSeconds = Math.round(Duration.toSeconds(config.accessTokenTtl))

    const issue = (claims: IssueRequest) => {
      const now = Math.floor(Date.now() / 1000)
      const exp = Math.min(now + ttlSeconds, Math.floor(claims.notAfter.getTime() / 1000))
      return Effect.promise(() =>
        new SignJWT({ sid: claims.sessionId })
          .setProtectedHeader({ alg: ALGORITHM, typ: TOKEN_TYPE })
          .setSubject(claims.userId)
          .setIssuer(config.jwtIssuer)
          .setAudience(config.jwtAudience)
          .setIssuedAt(now)
          .setJti(crypto.randomUUID())
          .setExpirationTime(exp)
          .sign(key)
      ).pipe(Effect.map((accessToken) => ({ accessToken, expiresIn: Math.max(0, exp - now) })))
    }

    const verify = (token: string) =>
      Effect.tryPromise({
        try: () =>
          jwtVerify(token, key, {
            algorithms: [ALGORITHM],
            typ: TOKEN_TYPE,
            issuer: config.jwtIssuer,
            audience: config.jwtAudience,
            requiredClaims: ["sub", "sid", "exp", "iat"]
          }),
        catch: () => invalid
      }).pipe(
        Effect.flatMap(({ payload }) =>
          typeof payload.sub === "string" &&
          UUID.test(payload.sub) &&
          typeof payload.sid === "string" &&
          UUID.test(payload.sid)
            ? Effect.succeed<AccessClaims>({
                userId: payload.sub as UserId,
                sessionId: payload.sid
              })
            : Effect.fail(invalid)
        )
      )

    return { issue, verify } as const
  })
}) {}
