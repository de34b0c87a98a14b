import {
  Conflict,
  NotFound,
  type Role,
  type UserId,
  type UserSearchQuery
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { SessionRevocations } from "../Auth/SessionRevocations.js"
import { SessionsRepo } from "../Auth/SessionsRepo.js"
import { cursorParam, pageOf } from "../Database/KeysetCursor.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { AdminUsersRepo } from "./AdminUsersRepo.js"

const noSuchUser = new NotFound({ message: "No such user" })

const orNoSuchUser = <A>(found: Option.Option<A>) =>
  Option.match(found, { onNone: () => Effect.fail(noSuchUser), onSome: Effect.succeed })

/**
 * What administrators do to accounts, each change audited in its own transaction with the
 * administrator as actor. Nobody changes their own role or disables their own account: the
 * last administrator cannot lock everyone out by mistake.
 */
export class AdminUsers extends Effect.Service<AdminUsers>()("AdminUsers", {
  effect: Effect.gen(function* () {
    const repo = yield* AdminUsersRepo
    const audit = yield* AuditLog
    const revocations = yield* SessionRevocations
    const sessionsRepo = yield* SessionsRepo

    const search = (query: UserSearchQuery) =>
      Effect.flatMap(cursorParam(query.cursor), (after) =>
        Effect.map(repo.search(query, after), (rows) =>
          pageOf(rows, query.limit, (u) => ({ at: u.createdAt, id: u.id }))
        )
      )

    const find = (id: UserId) => Effect.flatMap(repo.find(id), orNoSuchUser)

    const notYourself = (actor: UserId, id: UserId, what: string) =>
      actor === id
        ? Effect.fail(new Conflict({ message: `You cannot ${what}; ask another administrator` }))
        : Effect.void

    /** Ends the sessions at once on this replica; the others learn of it from their next poll. */
    const endSessions = (id: UserId, reason: "admin" | "account_disabled") =>
      Effect.tap(sessionsRepo.revokeAllOf(id, reason), (ids) =>
        Effect.forEach(ids, revocations.add, { discard: true })
      )

    const setRole = (actor: UserId, id: UserId, role: Role) =>
      notYourself(actor, id, "change your own role").pipe(
        Effect.zipRight(
          audit.audited(
            Effect.flatMap(repo.setRole(id, role), orNoSuchUser),
            "role_changed",
            (before) => ({ user: id, actor, details: { from: before, to: role } })
          )
        ),
        Effect.zipRight(find(id))
      )

    const disable = (actor: UserId, id: UserId) =>
      notYourself(actor, id, "disable your own account").pipe(
        Effect.zipRight(
          audit.audited(
            Effect.flatMap(repo.setDisabled(id, true), orNoSuchUser).pipe(
              Effect.zip(endSessions(id, "account_disabled"))
            ),
            "account_disabled",
            ([changed, ended]) => ({
              user: id,
              actor,
              details: { alreadyDisabled: !changed, sessionsEnded: ended.length }
            })
          )
        ),
        Effect.zipRight(find(id))
      )

    const enable = (actor: UserId, id: UserId) =>
      audit
        .audited(
          Effect.flatMap(repo.setDisabled(id, false), orNoSuchUser),
          "account_enabled",
          (changed) => ({ user: id, actor, details: { alreadyEnabled: !changed } })
        )
        .pipe(Effect.zipRight(find(id)))

    const unlock = (actor: UserId, id: UserId) =>
      audit
        .audited(
          Effect.zipRight(find(id), repo.clearFailedSignIns(id)),
          "account_unlocked",
          (cleared) => ({ user: id, actor, details: { failedSignInsCleared: cleared } })
        )
        .pipe(Effect.zipRight(find(id)))

    const signOutEverywhere = (actor: UserId, id: UserId) =>
      audit
        .audited(
          Effect.zipRight(find(id), endSessions(id, "admin")),
          "sessions_ended",
          (ended) => ({ user: id, actor, details: { sessionsEnded: ended.length } })
        )
        .pipe(Effect.map((ended) => ({ ended: ended.length })))

    const sessions = (id: UserId) =>
      Effect.zipRight(
        find(id),
        Effect.map(sessionsRepo.activeOf(id), (items) => ({ items }))
      )

    /**
     * A manager's look at another user's data: the user must exist, and the look is audited
     * (what was read) before the data is read. A look at one's own data is not.
     */
    const viewing = <A, E, R>(
      actor: UserId,
      id: UserId,
      what: Record<string, unknown>,
      read: Effect.Effect<A, E, R>
    ) =>
      find(id).pipe(
        Effect.zipRight(
          actor === id
            ? Effect.void
            : audit.record("user_data_viewed", { user: id, actor, details: what })
        ),
        Effect.zipRight(read)
      )

    return {
      search,
      find,
      setRole,
      disable,
      enable,
      unlock,
      signOutEverywhere,
      sessions,
      viewing
    } as const
  }),
  dependencies: [
    AdminUsersRepo.Default,
    AuditLog.Default,
    SessionRevocations.Default,
    SessionsRepo.Default
  ]
}) {}
