import { SqlClient } from "@effect/sql"
import type { UserId } from "@trading-app/domain"
import { Effect, Option } from "effect"

/** "Forgot password" requests and their single-use tokens (stored as SHA-256 hashes). */
export class PasswordResetsRepo extends Effect.Service<PasswordResetsRepo>()("PasswordResetsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    /** An address's requests of the last hour, and the seconds until the oldest leaves it. */
    const recentFromIp = (ip: string) =>
      sql<{ n: number; wait: number | null }>`
          SELECT count(*)::int AS n,
            ceil(extract(epoch FROM min(created_at) + interval '1 hour' - now()))::int AS wait
          FROM app_data.password_resets WHERE ip = ${ip} AND created_at > now() - interval '1 hour'`.pipe(
        Effect.map((rows) => ({ count: rows[0]?.n ?? 0, wait: Math.max(1, rows[0]?.wait ?? 1) })),
        Effect.orDie
      )

    /** Reset mails sent to an account in the last hour. */
    const recentMailsTo = (userId: UserId) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM app_data.password_resets
          WHERE user_id = ${userId} AND token_hash IS NOT NULL
            AND created_at > now() - interval '1 hour'`.pipe(
        Effect.map((rows) => rows[0]?.n ?? 0),
        Effect.orDie
      )

    const insert = (userId: UserId | null, ip: string, tokenHash: string | null) =>
      sql`INSERT INTO app_data.password_resets (user_id, ip, token_hash)
            VALUES (${userId}, ${ip}, ${tokenHash})`.pipe(Effect.asVoid, Effect.orDie)

    /**
     * Uses a token once: the account it resets, if the token is known, unused and unexpired;
     * the account's other tokens are spent with it. One statement, so two uses cannot both win.
     */
    const consume = (tokenHash: string) =>
      sql<{ userId: UserId }>`
          WITH used AS (
            UPDATE app_data.password_resets SET used_at = now()
            WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > now()
            RETURNING user_id),
          others AS (
            UPDATE app_data.password_resets p SET used_at = now() FROM used
            WHERE p.user_id = used.user_id AND p.used_at IS NULL AND p.token_hash <> ${tokenHash})
          SELECT user_id AS "userId" FROM used`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.userId)),
        Effect.orDie
      )

    return { recentFromIp, recentMailsTo, insert, consume } as const
  })
}) {}
