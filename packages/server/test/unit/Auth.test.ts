import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { type Email, TooManyRequests, type UserId } from "@trading-app/domain"
import { Effect, Layer, Option, Redacted } from "effect"
import { AppConfigTest } from "../../src/AppConfig.js"
import { AccessTokens } from "../../src/Auth/AccessTokens.js"
import { Auth } from "../../src/Auth/Auth.js"
import { LoginThrottle } from "../../src/Auth/LoginThrottle.js"
import { PasswordHasher } from "../../src/Auth/PasswordHasher.js"
import { SessionRevocations } from "../../src/Auth/SessionRevocations.js"
import { SessionsRepo } from "../../src/Auth/SessionsRepo.js"
import { AuditLog } from "../../src/Logs/AuditLog.js"
import { Portfolios } from "../../src/Portfolios/Portfolios.js"
import { UsersRepo } from "../../src/Users/UsersRepo.js"
import { strictMock } from "../support/mocks.js"

const client = { ip: "203.0.113.5", userAgent: "test" }
const userId = "00000000-0000-4000-8000-00000000000a" as UserId
const sessionId = "00000000-0000-4000-8000-00000000000b"
const config = AppConfigTest({ databaseUrl: Redacted.make("postgres://unused") })

/** Auth with every dependency mocked strictly; `audit` collects what was recorded. */
const authWith = (
  mocks: {
    users?: Partial<UsersRepo>
    sessions?: Partial<SessionsRepo>
    hasher?: Partial<PasswordHasher>
    throttle?: Partial<LoginThrottle>
    revocations?: Partial<SessionRevocations>
  },
  audit: Array<string> = []
) =>
  Auth.DefaultWithoutDependencies.pipe(
    Layer.provide([
      strictMock(UsersRepo, mocks.users ?? {}),
      strictMock(Portfolios, {}),
      strictMock(SessionsRepo, mocks.sessions ?? {}),
      strictMock(PasswordHasher, mocks.hasher ?? {}),
      strictMock(LoginThrottle, mocks.throttle ?? {}),
      strictMock(SessionRevocations, mocks.revocations ?? {}),
      strictMock(AuditLog, { record: (event) => Effect.sync(() => void audit.push(event)) }),
      AccessTokens.Default,
      strictMock(SqlClient.SqlClient, {})
    ]),
    Layer.provide(config)
  )

const login = { email: "ada@example.com" as Email, password: "whatever password" }

describe("Auth.login", () => {
  it.effect(
    "answers a throttled login at once: no user lookup, no hashing, the refusal audited",
    () =>
      Effect.gen(function* () {
        const audit: string[] = []
        const error = yield* Effect.flatMap(Auth, (auth) => auth.login(login, client)).pipe(
          Effect.flip,
          Effect.provide(
            authWith(
              {
                throttle: {
                  begin: () => Effect.fail(new TooManyRequests({ message: "wait", retryAfter: 30 }))
                }
              },
              audit
            )
          )
        )
        expect(error).toMatchObject({ _tag: "TooManyRequests", retryAfter: 30 })
        expect(audit).toEqual(["login_throttled"])
      })
  )

  it.effect("verifies a password even for an unknown e-mail, and answers as for a wrong one", () =>
    Effect.gen(function* () {
      const audit: string[] = []
      let dummyVerified = false
      let recorded: boolean | undefined
      const error = yield* Effect.flatMap(Auth, (auth) => auth.login(login, client)).pipe(
        Effect.flip,
        Effect.provide(
          authWith(
            {
              throttle: {
                begin: () => Effect.succeed("attempt-1"),
                finish: (_attempt, ok) =>
                  Effect.sync(() => {
                    recorded = ok
                  })
              },
              users: { findByEmail: () => Effect.succeed(Option.none()) },
              hasher: {
                verifyNothing: () =>
                  Effect.sync(() => {
                    dummyVerified = true
                  })
              }
            },
            audit
          )
        )
      )
      expect(error).toMatchObject({
        _tag: "Unauthorized",
        message: "The e-mail or password is incorrect"
      })
      expect(dummyVerified).toBe(true)
      expect(recorded).toBe(false)
      expect(audit).toEqual(["login_failed"])
    })
  )
})

describe("Auth.refresh", () => {
  it.effect("ends the whole session when a used refresh token comes back", () =>
    Effect.gen(function* () {
      const audit: string[] = []
      const revoked: string[] = []
      const known: string[] = []
      const error = yield* Effect.flatMap(Auth, (auth) =>
        auth.refresh(Option.some("stolen"), client)
      ).pipe(
        Effect.flip,
        Effect.provide(
          authWith(
            {
              sessions: {
                useRefreshToken: () =>
                  Effect.succeed({ _tag: "Reused", sessionId, userId } as const),
                revoke: (id) =>
                  Effect.sync(() => {
                    revoked.push(id)
                    return Option.some(userId)
                  })
              },
              revocations: { add: (id) => Effect.sync(() => void known.push(id)) }
            },
            audit
          )
        )
      )
      expect(error._tag).toBe("Unauthorized")
      expect(revoked).toEqual([sessionId])
      expect(known).toEqual([sessionId])
      expect(audit).toEqual(["refresh_token_reused"])
    })
  )
})

describe("Auth.authenticate", () => {
  it.effect("refuses an empty token, and a valid token of a revoked session", () =>
    Effect.gen(function* () {
      const layer = authWith({ revocations: { isRevoked: (id) => id === sessionId } })
      const program = Effect.gen(function* () {
        const auth = yield* Auth
        const tokens = yield* AccessTokens
        const empty = yield* Effect.flip(auth.authenticate(""))
        expect(empty.message).toMatch(/bearer token is missing/)
        const { accessToken } = yield* tokens.issue({
          userId,
          sessionId,
          notAfter: new Date(Date.now() + 60_000)
        })
        const revoked = yield* Effect.flip(auth.authenticate(accessToken))
        expect(revoked._tag).toBe("Unauthorized")
        const other = yield* tokens.issue({
          userId,
          sessionId: "00000000-0000-4000-8000-00000000000c",
          notAfter: new Date(Date.now() + 60_000)
        })
        expect(yield* auth.authenticate(other.accessToken)).toEqual({
          userId,
          sessionId: "00000000-0000-4000-8000-00000000000c"
        })
      })
      yield* Effect.provide(
        program,
        Layer.merge(layer, AccessTokens.Default.pipe(Layer.provide(config)))
      )
    })
  )

  it.effect("never issues a token that outlives its session", () =>
    Effect.gen(function* () {
      const tokens = yield* AccessTokens
      const { expiresIn, accessToken } = yield* tokens.issue({
        userId,
        sessionId,
        notAfter: new Date(Date.now() + 60_000)
      })
      expect(expiresIn).toBeLessThanOrEqual(60)
      const claims = JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString())
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(60)
    }).pipe(Effect.provide(AccessTokens.Default.pipe(Layer.provide(config))))
  )
})
