import {
  type ChangePassword,
  NotFound,
  Unauthorized,
  Unprocessable,
  type UpdateProfile,
  type UserId
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { AppConfig } from "../AppConfig.js"
import { LoginThrottle } from "../Auth/LoginThrottle.js"
import { PasswordHasher } from "../Auth/PasswordHasher.js"
import { SessionRevocations } from "../Auth/SessionRevocations.js"
import { type RevokeReason, SessionsRepo } from "../Auth/SessionsRepo.js"
import { clientInfo } from "../Http/ClientInfo.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { UsersRepo } from "./UsersRepo.js"

/** Who is asking: the user and the session the request belongs to. */
export interface Caller {
  readonly userId: UserId
  readonly sessionId: string
}

const noUser = new Unauthorized({ message: "This account no longer exists" })

/**
 * What users do to their own account: settings, password, sessions, deletion. A password is
 * checked under the sign-in throttle (a wrong one counts as a failed sign-in of the account),
 * and every change is audited.
 */
export class AccountSettings extends Effect.Service<AccountSettings>()("AccountSettings", {
  effect: Effect.gen(function* () {
    const users = yield* UsersRepo
    const sessions = yield* SessionsRepo
    const revocations = yield* SessionRevocations
    const hasher = yield* PasswordHasher
    const throttle = yield* LoginThrottle
    const audit = yield* AuditLog
    const config = yield* AppConfig

    const updateProfile = (userId: UserId, update: UpdateProfile) =>
      Effect.flatMap(users.updateProfile(userId, update), (user) =>
        Option.isNone(user) ? Effect.fail(noUser) : Effect.succeed(user.value)
      )

    /** The password, checked as a sign-in would be; Unprocessable naming `field` when wrong. */
    const checkPassword = (userId: UserId, password: string, field: string) =>
      Effect.gen(function* () {
        const user = yield* users.findById(userId)
        const hash = yield* users.passwordHashOf(userId)
        if (Option.isNone(user) || Option.isNone(hash)) return yield* noUser
        const { ip } = yield* Effect.provideService(clientInfo, AppConfig, config)
        const attempt = yield* throttle.begin(user.value.email, ip)
        const ok = yield* hasher.verify(hash.value, password)
        yield* throttle.finish(attempt, ok)
        if (!ok) {
          yield* audit.record("password_change_refused", { user: userId, details: { field } })
          return yield* Unprocessable.field([field], "The password is incorrect")
        }
      })

    /** Ends sessions everywhere at once on this replica (the others: within their poll). */
    const endSessions = (userId: UserId, reason: RevokeReason, keep?: string) =>
      Effect.tap(sessions.revokeAllOf(userId, reason, keep), (ids) =>
        Effect.forEach(ids, revocations.add, { discard: true })
      )

    const changePassword = (caller: Caller, change: ChangePassword) =>
      Effect.gen(function* () {
        yield* checkPassword(caller.userId, change.currentPassword, "currentPassword")
        const hash = yield* hasher.hash(change.newPassword)
        yield* audit.audited(
          Effect.zipRight(
            users.updatePasswordHash(caller.userId, hash),
            endSessions(caller.userId, "password_changed", caller.sessionId)
          ),
          "password_changed",
          (ended) => ({ user: caller.userId, details: { otherSessionsEnded: ended.length } })
        )
      })

    const list = (caller: Caller) =>
      Effect.map(sessions.activeOf(caller.userId), (items) => ({
        items: items.map((s) => ({ ...s, current: s.id === caller.sessionId }))
      }))

    const endOne = (caller: Caller, sessionId: string) =>
      Effect.gen(function* () {
        const ended = yield* sessions.revokeOwn(caller.userId, sessionId, "signed_out_elsewhere")
        if (!ended) return yield* new NotFound({ message: "No such session, or it has ended" })
        yield* revocations.add(sessionId)
        yield* audit.record("session_ended", {
          user: caller.userId,
          target: `session:${sessionId}`
        })
      })

    const endOthers = (caller: Caller) =>
      audit
        .audited(
          endSessions(caller.userId, "signed_out_elsewhere", caller.sessionId),
          "other_sessions_ended",
          (ended) => ({ user: caller.userId, details: { sessionsEnded: ended.length } })
        )
        .pipe(Effect.map((ended) => ({ ended: ended.length })))

    /**
     * Deletes the account and everything it holds; the audit keeps a trace that names nobody
     * (no account, no address, no browser).
     */
    const deleteAccount = (userId: UserId, password: string) =>
      Effect.gen(function* () {
        yield* checkPassword(userId, password, "password")
        yield* endSessions(userId, "logout")
        yield* users.remove(userId)
        yield* audit.record("account_deleted", { user: null, actor: null, client: null })
      })

    return { updateProfile, changePassword, list, endOne, endOthers, deleteAccount } as const
  }),
  dependencies: [
    UsersRepo.Default,
    SessionsRepo.Default,
    SessionRevocations.Default,
    PasswordHasher.Default,
    LoginThrottle.Default,
    AuditLog.Default
  ]
}) {}
