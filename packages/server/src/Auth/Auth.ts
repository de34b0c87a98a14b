import { SqlClient } from "@effect/sql"
import {
  type AuthSession,
  Conflict,
  currency,
  type LoginRequest,
  type RegisterRequest,
  TooManyRequests,
  Unauthorized,
  type User,
  type UserId
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { AppConfig } from "../AppConfig.js"
import { withKeyLocks } from "../Database/KeyLock.js"
import type { ClientInfo } from "../Http/ClientInfo.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { CATEGORY, USER_ID } from "../Logs/SystemLog.js"
import { Portfolios } from "../Portfolios/Portfolios.js"
import { UsersRepo } from "../Users/UsersRepo.js"
import { type AccessClaims, AccessTokens } from "./AccessTokens.js"
import { LoginThrottle } from "./LoginThrottle.js"
import { PasswordHasher } from "./PasswordHasher.js"
import { hashRefreshToken, newRefreshToken } from "./RefreshTokens.js"
import { SessionRevocations } from "./SessionRevocations.js"
import { SessionsRepo } from "./SessionsRepo.js"

/** What a successful sign-in hands out: the API answer and the refresh token for the cookie. */
export interface SignedIn {
  readonly session: AuthSession
  readonly refreshToken: string
}

/** A warning for operators in the system log's security category. */
const securityWarning = (message: string, annotations: Record<string, unknown>) =>
  Effect.logWarning(message).pipe(
    Effect.annotateLogs(annotations),
    Effect.annotateLogs(CATEGORY, "security")
  )

const badCredentials = new Unauthorized({ message: "The e-mail or password is incorrect" })
const noSession = new Unauthorized({ message: "Your session has ended; please sign in again" })

export const DEFAULT_PORTFOLIO = {
  name: "My portfolio",
  baseCurrency: currency("USD"),
  costBasisMethod: "fifo"
} as const

export class Auth extends Effect.Service<Auth>()("Auth", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const config = yield* AppConfig
    const users = yield* UsersRepo
    const portfolios = yield* Portfolios
    const sessions = yield* SessionsRepo
    const hasher = yield* PasswordHasher
    const tokens = yield* AccessTokens
    const throttle = yield* LoginThrottle
    const audit = yield* AuditLog
    const revocations = yield* SessionRevocations

    const issueRefreshToken = (sessionId: string) => {
      const refreshToken = newRefreshToken()
      return sessions
        .addRefreshToken(sessionId, hashRefreshToken(refreshToken), config.refreshTokenTtl)
        .pipe(Effect.as(refreshToken))
    }

    const startSession = (user: User, client: ClientInfo) =>
      Effect.gen(function* () {
        const session = yield* sessions.create(user.id, config.sessionMaxAge, client)
        const refreshToken = yield* issueRefreshToken(session.id)
        const access = yield* tokens.issue({
          userId: user.id,
          sessionId: session.id,
          notAfter: session.expiresAt
        })
        return { session: { user, ...access }, refreshToken } satisfies SignedIn
      })

    const registrationLimited = (client: ClientInfo) =>
      Effect.flatMap(audit.countFromIpLastHour("register", client.ip), (recent) =>
        recent >= config.registrationsPerIpPerHour
          ? Effect.fail(
              new TooManyRequests({
                message: "Too many accounts were created from your network. Try again in an hour.",
                retryAfter: 3600
              })
            )
          : Effect.void
      )

    /**
     * The limit per address is checked before the (slow) password hash, to spare the work, and
     * decided again under a lock on the address in the transaction that creates the account, so
     * parallel registrations cannot all pass.
     */
    const register = (input: RegisterRequest, client: ClientInfo) =>
      Effect.gen(function* () {
        yield* registrationLimited(client)
        const passwordHash = yield* hasher.hash(input.password)
        const user = yield* Effect.gen(function* () {
          yield* registrationLimited(client)
          const created = yield* users.insert({
            email: input.email,
            passwordHash,
            displayName: input.displayName ?? null,
            termsVersion: config.termsVersion
          })
          if (Option.isNone(created)) {
            return yield* new Conflict({
              message: "An account with this e-mail already exists",
              field: "email"
            })
          }
          yield* portfolios.createFirst(created.value.id, DEFAULT_PORTFOLIO)
          yield* audit.record("register", {
            user: created.value.id,
            client,
            details: { termsVersion: config.termsVersion }
          })
          return created.value
        }).pipe(
          withKeyLocks(sql, [`register-ip:${client.ip}`]),
          Effect.catchTag("SqlError", Effect.die)
        )
        return yield* startSession(user, client)
      }).pipe(Effect.withSpan("Auth.register"))

    const login = (input: LoginRequest, client: ClientInfo) =>
      Effect.gen(function* () {
        const attempt = yield* throttle.begin(input.email, client.ip).pipe(
          Effect.tapError((e) =>
            Effect.zipRight(
              audit.record("login_throttled", {
                user: null,
                client,
                details: { email: input.email, retryAfter: e.retryAfter }
              }),
              securityWarning("Sign-ins held back after repeated failures", {
                email: input.email,
                ip: client.ip
              })
            )
          )
        )
        const found = yield* users.findByEmail(input.email)
        const ok = Option.isSome(found)
          ? yield* hasher.verify(found.value.passwordHash, input.password)
          : yield* Effect.as(hasher.verifyNothing(input.password), false)
        yield* throttle.finish(attempt, ok)
        if (!ok || Option.isNone(found)) {
          yield* audit.record("login_failed", {
            user: Option.getOrNull(Option.map(found, (u) => u.id)),
            actor: null,
            client,
            details: { email: input.email }
          })
          return yield* badCredentials
        }
        const { passwordHash, disabled, ...user } = found.value
        if (disabled) {
          yield* audit.record("login_refused_disabled", { user: user.id, client })
          return yield* new Unauthorized({
            message: "This account is disabled; ask the administrators to enable it again"
          })
        }
        if (hasher.needsRehash(passwordHash)) {
          yield* users.updatePasswordHash(user.id, yield* hasher.hash(input.password))
        }
        yield* audit.record("login_succeeded", { user: user.id, client })
        return yield* startSession(user, client)
      }).pipe(Effect.withSpan("Auth.login"))

    /** Rotates the refresh token; a token presented twice ends its whole session. */
    const refresh = (refreshToken: Option.Option<string>, client: ClientInfo) =>
      Effect.gen(function* () {
        if (Option.isNone(refreshToken)) return yield* noSession
        const result = yield* sessions.useRefreshToken(hashRefreshToken(refreshToken.value))
        switch (result._tag) {
          case "Invalid":
            return yield* noSession
          case "Reused":
            yield* sessions.revoke(result.sessionId, "refresh_token_reuse")
            yield* revocations.add(result.sessionId)
            yield* audit.record("refresh_token_reused", {
              user: result.userId,
              actor: null,
              client,
              details: { sessionId: result.sessionId }
            })
            yield* securityWarning("A used refresh token came back: its session was ended", {
              [USER_ID]: result.userId,
              sessionId: result.sessionId,
              ip: client.ip
            })
            return yield* noSession
          case "Valid": {
            const next = yield* issueRefreshToken(result.sessionId)
            const access = yield* tokens.issue({
              userId: result.userId,
              sessionId: result.sessionId,
              notAfter: result.expiresAt
            })
            return { access, refreshToken: next }
          }
        }
      }).pipe(Effect.withSpan("Auth.refresh"))

    /** Ends the session named by the bearer token or, failing that, by the refresh cookie. */
    const logout = (
      bearer: Option.Option<string>,
      refreshToken: Option.Option<string>,
      client: ClientInfo
    ) =>
      Effect.gen(function* () {
        const fromBearer = Option.isSome(bearer)
          ? yield* tokens.verify(bearer.value).pipe(
              Effect.map((claims) => Option.some(claims.sessionId)),
              Effect.orElseSucceed(() => Option.none<string>())
            )
          : Option.none<string>()
        const sessionId = Option.isSome(fromBearer)
          ? fromBearer
          : Option.isSome(refreshToken)
            ? yield* sessions.sessionOfRefreshToken(hashRefreshToken(refreshToken.value))
            : Option.none<string>()
        if (Option.isNone(sessionId)) return
        const revoked = yield* sessions.revoke(sessionId.value, "logout")
        yield* revocations.add(sessionId.value)
        if (Option.isSome(revoked)) yield* audit.record("logout", { user: revoked.value, client })
      }).pipe(Effect.withSpan("Auth.logout"))

    /** The middleware's check: a valid token of a session that was not revoked. */
    const authenticate = (token: string) =>
      Effect.gen(function* () {
        if (token === "") {
          return yield* new Unauthorized({
            message: "Sign in first: the Authorization bearer token is missing"
          })
        }
        const claims = yield* tokens.verify(token)
        if (revocations.isRevoked(claims.sessionId)) return yield* noSession
        return claims
      })

    /** A minute's ticket to open the caller's event stream (EventSource cannot send headers). */
    const streamTicket = (claims: AccessClaims) =>
      tokens.issueStreamTicket({ ...claims, notAfter: new Date(Date.now() + 60_000) })

    /** The stream's check: a valid ticket of a session that was not revoked. */
    const authenticateStream = (ticket: string) =>
      Effect.flatMap(tokens.verifyStreamTicket(ticket), (claims) =>
        revocations.isRevoked(claims.sessionId) ? Effect.fail(noSession) : Effect.succeed(claims)
      )

    /** Whether a session was revoked (an open stream ends then). */
    const isRevoked = (sessionId: string) => revocations.isRevoked(sessionId)

    const currentUser = (userId: UserId) =>
      users
        .findById(userId)
        .pipe(Effect.flatMap(Option.match({ onNone: () => noSession, onSome: Effect.succeed })))

    return {
      register,
      login,
      refresh,
      logout,
      authenticate,
      streamTicket,
      authenticateStream,
      isRevoked,
      currentUser
    } as const
  }),
  dependencies: [
    UsersRepo.Default,
    Portfolios.Default,
    SessionsRepo.Default,
    PasswordHasher.Default,
    AccessTokens.Default,
    LoginThrottle.Default,
    AuditLog.Default,
    SessionRevocations.Default
  ]
}) {}
