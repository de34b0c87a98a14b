import { SqlClient } from "@effect/sql"
import { ActiveSession, type UserId } from "@trading-app/domain"
import { Duration, Effect, Option, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import type { ClientInfo } from "../Http/ClientInfo.js"

const decodeSessions = rowsDecoder(Schema.typeSchema(ActiveSession))

export type RevokeReason =
  | "logout"
  | "refresh_token_reuse"
  | "admin"
  | "account_disabled"
  | "password_changed"
  | "password_reset"
  | "signed_out_elsewhere"

/**
 * Sign-in sessions and their refresh tokens. A session is one refresh-token family; tokens are
 * stored as SHA-256 hashes and each may be used once.
 */
export class SessionsRepo extends Effect.Service<SessionsRepo>()("SessionsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const create = (userId: UserId, maxAge: Duration.Duration, client: ClientInfo) =>
      sql<{ id: string; expiresAt: Date }>`
        INSERT INTO app_data.auth_sessions (user_id, expires_at, ip, user_agent)
        VALUES (${userId}, now() + make_interval(secs => ${Duration.toSeconds(maxAge)}),
                ${client.ip}, ${client.userAgent})
        RETURNING id, expires_at AS "expiresAt"`.pipe(
        Effect.map((rows) => rows[0]!),
        Effect.orDie,
        Effect.withSpan("SessionsRepo.create")
      )

    /** Sessions revoked after `since` (or within `window` before now), and the database's now. */
    const revokedSince = (since: Date | undefined, window: Duration.Duration) =>
      sql<{ now: Date; ids: ReadonlyArray<string> }>`
        SELECT now() AS now, ARRAY(
          SELECT id::text FROM app_data.auth_sessions
          WHERE revoked_at > ${since === undefined ? sql`now() - make_interval(secs => ${Duration.toSeconds(window)})` : sql`${since}`}
        ) AS ids`.pipe(
        Effect.map((rows) => rows[0]!),
        Effect.withSpan("SessionsRepo.revokedSince")
      )

    const addRefreshToken = (sessionId: string, tokenHash: Buffer, ttl: Duration.Duration) =>
      sql`
        INSERT INTO app_data.refresh_tokens (token_hash, session_id, expires_at)
        SELECT ${tokenHash}, s.id, LEAST(s.expires_at, now() + make_interval(secs => ${Duration.toSeconds(ttl)}))
        FROM app_data.auth_sessions s WHERE s.id = ${sessionId}`.pipe(
        Effect.asVoid,
        Effect.orDie,
        Effect.withSpan("SessionsRepo.addRefreshToken")
      )

    /**
     * Marks a refresh token used, atomically. Returns the session when the token was unused,
     * unexpired and its session active; `reused` when the token had been used before.
     */
    const useRefreshToken = (tokenHash: Buffer) =>
      Effect.gen(function* () {
        const used = yield* sql<{ sessionId: string; userId: UserId; expiresAt: Date }>`
          UPDATE app_data.refresh_tokens t SET used_at = now()
          FROM app_data.auth_sessions s
          WHERE t.token_hash = ${tokenHash} AND t.used_at IS NULL AND t.expires_at > now()
            AND s.id = t.session_id AND s.revoked_at IS NULL AND s.expires_at > now()
          RETURNING s.id AS "sessionId", s.user_id AS "userId", s.expires_at AS "expiresAt"`
        if (used[0] !== undefined) return { _tag: "Valid", ...used[0] } as const
        const previous = yield* sql<{ sessionId: string; userId: UserId }>`
          SELECT t.session_id AS "sessionId", s.user_id AS "userId"
          FROM app_data.refresh_tokens t JOIN app_data.auth_sessions s ON s.id = t.session_id
          WHERE t.token_hash = ${tokenHash} AND t.used_at IS NOT NULL`
        return previous[0] !== undefined
          ? ({ _tag: "Reused", ...previous[0] } as const)
          : ({ _tag: "Invalid" } as const)
      }).pipe(Effect.orDie, Effect.withSpan("SessionsRepo.useRefreshToken"))

    const revoke = (sessionId: string, reason: RevokeReason) =>
      sql<{ userId: UserId }>`
        UPDATE app_data.auth_sessions SET revoked_at = now(), revoked_reason = ${reason}
        WHERE id = ${sessionId} AND revoked_at IS NULL
        RETURNING user_id AS "userId"`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.userId)),
        Effect.orDie,
        Effect.withSpan("SessionsRepo.revoke")
      )

    /** The session a refresh token belongs to, whatever its state (for logout by cookie). */
    const sessionOfRefreshToken = (tokenHash: Buffer) =>
      sql<{ sessionId: string }>`
        SELECT session_id AS "sessionId" FROM app_data.refresh_tokens WHERE token_hash = ${tokenHash}`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.sessionId)),
        Effect.orDie
      )

    /** The user's sessions that have not ended, newest first, with their last renewal. */
    const activeOf = (userId: UserId) =>
      sql`
        SELECT s.id, ${sql.literal(isoTimestamp("s.created_at", "startedAt"))},
               ${sql.literal(isoTimestamp("coalesce((SELECT max(t.created_at) FROM app_data.refresh_tokens t WHERE t.session_id = s.id), s.created_at)", "lastActiveAt"))},
               ${sql.literal(isoTimestamp("s.expires_at", "expiresAt"))}, s.ip, s.user_agent AS "userAgent"
        FROM app_data.auth_sessions s
        WHERE s.user_id = ${userId} AND s.revoked_at IS NULL AND s.expires_at > now()
        ORDER BY s.created_at DESC, s.id`.pipe(
        Effect.flatMap(decodeSessions),
        Effect.orDie,
        Effect.withSpan("SessionsRepo.activeOf")
      )

    /** Ends the user's active sessions but `keep` (or all of them); their ids. */
    const revokeAllOf = (userId: UserId, reason: RevokeReason, keep?: string) =>
      sql<{ id: string }>`
        UPDATE app_data.auth_sessions SET revoked_at = now(), revoked_reason = ${reason}
        WHERE user_id = ${userId} AND revoked_at IS NULL AND expires_at > now()
          ${keep === undefined ? sql`` : sql`AND id <> ${keep}`}
        RETURNING id::text`.pipe(
        Effect.map((rows) => rows.map((r) => r.id)),
        Effect.orDie,
        Effect.withSpan("SessionsRepo.revokeAllOf")
      )

    /** Ends one of the user's own active sessions; whether there was one. */
    const revokeOwn = (userId: UserId, sessionId: string, reason: RevokeReason) =>
      sql<{ id: string }>`
        UPDATE app_data.auth_sessions SET revoked_at = now(), revoked_reason = ${reason}
        WHERE id = ${sessionId} AND user_id = ${userId} AND revoked_at IS NULL
        RETURNING id::text`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      )

    return {
      activeOf,
      revokeAllOf,
      revokeOwn,
      create,
      revokedSince,
      addRefreshToken,
      useRefreshToken,
      revoke,
      sessionOfRefreshToken
    } as const
  })
}) {}
