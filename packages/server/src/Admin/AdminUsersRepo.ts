import { SqlClient } from "@effect/sql"
import { AdminUser, type Role, type UserId, type UserSearchQuery } from "@trading-app/domain"
import { Duration, Effect, Option, Schema } from "effect"
import { AppConfig } from "../AppConfig.js"
import type { Cursor } from "../Database/KeysetCursor.js"
import { containsPattern } from "../Database/Like.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoText, isoTimestamp } from "../Database/SqlTime.js"

const decodeUsers = rowsDecoder(Schema.typeSchema(AdminUser))

/** `%` and `_` match themselves in a search, not any text. */

/** Users as administrators see them, and the changes only they may make. */
export class AdminUsersRepo extends Effect.Service<AdminUsersRepo>()("AdminUsersRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const config = yield* AppConfig
    const windowSeconds = Duration.toSeconds(config.loginWindow)

    // Locked: as many failed sign-ins since the last success, within the window, as the
    // throttle allows (see LoginThrottle).
    const columns = sql.literal(`u.id, u.email, u.display_name AS "displayName", u.role,
      ${isoTimestamp("u.created_at", "createdAt")},
      ${isoTimestamp("u.disabled_at", "disabledAt")},
      (SELECT ${isoText("max(s.created_at)")} FROM app_data.auth_sessions s
        WHERE s.user_id = u.id) AS "lastSignInAt",
      (SELECT count(*)::int FROM app_data.auth_sessions s
        WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS "activeSessions",
      (SELECT count(*) FROM app_data.login_attempts a
        WHERE a.email = u.email AND a.succeeded IS NOT TRUE
          AND a.attempted_at > now() - make_interval(secs => ${windowSeconds})
          AND a.attempted_at > coalesce((SELECT max(b.attempted_at) FROM app_data.login_attempts b
                                         WHERE b.email = u.email AND b.succeeded), '-infinity')
      ) >= ${config.loginMaxFailuresPerAccount} AS "signInLocked"`)

    const search = (query: UserSearchQuery, after: Cursor | undefined) =>
      sql`
        SELECT ${columns} FROM app_data.users u
        WHERE ${sql.and([
          ...(query.q === undefined || query.q === ""
            ? []
            : [
                sql`(u.email ILIKE ${containsPattern(query.q)} OR u.display_name ILIKE ${containsPattern(query.q)})`
              ]),
          ...(query.role === undefined ? [] : [sql`u.role = ${query.role}`]),
          ...(query.status === undefined
            ? []
            : [
                query.status === "disabled"
                  ? sql`u.disabled_at IS NOT NULL`
                  : sql`u.disabled_at IS NULL`
              ]),
          ...(after === undefined ? [] : [sql`(u.created_at, u.id) < (${after.at}, ${after.id})`])
        ])}
        ORDER BY u.created_at DESC, u.id DESC LIMIT ${query.limit + 1}`.pipe(
        Effect.flatMap(decodeUsers),
        Effect.orDie,
        Effect.withSpan("AdminUsersRepo.search")
      )

    const find = (id: UserId) =>
      sql`SELECT ${columns} FROM app_data.users u WHERE u.id = ${id}`.pipe(
        Effect.flatMap(decodeUsers),
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie,
        Effect.withSpan("AdminUsersRepo.find")
      )

    /** The role before the change, or none when there is no such user. */
    const setRole = (id: UserId, role: Role) =>
      sql<{ before: Role }>`
        UPDATE app_data.users u SET role = ${role}, updated_at = now()
        FROM (SELECT id, role FROM app_data.users WHERE id = ${id} FOR UPDATE) b
        WHERE u.id = b.id RETURNING b.role AS before`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.before)),
        Effect.orDie
      )

    /** Whether the account was found; changes nothing when it already was as asked. */
    const setDisabled = (id: UserId, disabled: boolean) =>
      sql<{ changed: boolean }>`
        WITH b AS (SELECT id, disabled_at IS NOT NULL AS was FROM app_data.users WHERE id = ${id} FOR UPDATE),
             u AS (UPDATE app_data.users u
                   SET disabled_at = CASE WHEN ${disabled} THEN coalesce(u.disabled_at, now()) END,
                       updated_at = now()
                   FROM b WHERE u.id = b.id RETURNING b.was)
        SELECT (was <> ${disabled}) AS changed FROM u`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.changed)),
        Effect.orDie
      )

    /** Forgets the account's failed sign-ins; how many there were. */
    const clearFailedSignIns = (id: UserId) =>
      sql<{ n: number }>`
        WITH d AS (DELETE FROM app_data.login_attempts a USING app_data.users u
                   WHERE u.id = ${id} AND a.email = u.email AND a.succeeded IS NOT TRUE RETURNING 1)
        SELECT count(*)::int AS n FROM d`.pipe(
        Effect.map((rows) => rows[0]?.n ?? 0),
        Effect.orDie
      )

    return {
      search,
      find,
      setRole,
      setDisabled,
      clearFailedSignIns
    } as const
  })
}) {}
