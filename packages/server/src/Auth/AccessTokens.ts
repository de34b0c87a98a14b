import { type Timestamp, Unauthorized, type UserId } from "@trading-app/domain"
import { Duration, Effect, Redacted } from "effect"
import { jwtVerify, SignJWT } from "jose"
import { AppConfig } from "../AppConfig.js"

const ALGORITHM = "HS256"
const TOKEN_TYPE = "at+jwt"
/** A stream ticket is a token of its own type: never accepted as an access token, nor back. */
const TICKET_TYPE = "stream+jwt"
const TICKET_SECONDS = 60
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

    const sign = (claims: IssueRequest, typ: string, seconds: number) => {
      const now = Math.floor(Date.now() / 1000)
      const exp = Math.min(now + seconds, Math.floor(claims.notAfter.getTime() / 1000))
      return Effect.promise(() =>
        new SignJWT({ sid: claims.sessionId })
          .setProtectedHeader({ alg: ALGORITHM, typ })
          .setSubject(claims.userId)
          .setIssuer(config.jwtIssuer)
          .setAudience(config.jwtAudience)
          .setIssuedAt(now)
          .setJti(crypto.randomUUID())
          .setExpirationTime(exp)
          .sign(key)
      ).pipe(Effect.map((token) => ({ token, expiresIn: Math.max(0, exp - now) })))
    }

    const issue = (claims: IssueRequest) =>
      Effect.map(sign(claims, TOKEN_TYPE, ttlSeconds), ({ token, expiresIn }) => ({
        accessToken: token,
        expiresIn
      }))

    /** A ticket that opens the user's event stream (GET /api/events) for a minute. */
    const issueStreamTicket = (claims: IssueRequest) =>
      Effect.map(sign(claims, TICKET_TYPE, TICKET_SECONDS), ({ token, expiresIn }) => ({
        ticket: token,
        expiresAt: new Date(
          (Math.floor(Date.now() / 1000) + expiresIn) * 1000
        ).toISOString() as Timestamp
      }))

    const verifyAs = (typ: string, invalid: Unauthorized) => (token: string) =>
      Effect.tryPromise({
        try: () =>
          jwtVerify(token, key, {
            algorithms: [ALGORITHM],
            typ,
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

    const verify = verifyAs(TOKEN_TYPE, invalid)
    const verifyStreamTicket = verifyAs(
      TICKET_TYPE,
      new Unauthorized({
        message: "The stream ticket is invalid or has expired; ask for a new one"
      })
    )

    return { issue, verify, issueStreamTicket, verifyStreamTicket } as const
  })
}) {}
