import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { SqlClient } from "@effect/sql"
import type { Role, TradingViewHook, UserId } from "@trading-app/domain"
import { Effect } from "effect"
import { isoTimestamp } from "../Database/SqlTime.js"

const hash = (secret: string) => createHash("sha256").update(secret, "utf8").digest()

/** Whether `secret` is the one whose hash is stored, compared in constant time. */
export const secretMatches = (secret: string, stored: Uint8Array) => {
  const given = hash(secret)
  return given.length === stored.length && timingSafeEqual(given, stored)
}

export const hookPath = (hookId: string) => `/api/hooks/tv/${hookId}`

/** Each user's TradingView webhook: a random path id, and the SHA-256 of its secret. */
export class HooksRepo extends Effect.Service<HooksRepo>()("HooksRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const describe = (userId: UserId) =>
      sql<{ hookId: string; createdAt: string }>`
        SELECT hook_id AS "hookId", ${sql.literal(isoTimestamp("created_at", "createdAt"))}
        FROM app_data.tradingview_hooks WHERE user_id = ${userId}`.pipe(
        Effect.map(
          ([row]): TradingViewHook =>
            row === undefined
              ? { configured: false, path: null, createdAt: null }
              : { configured: true, path: hookPath(row.hookId), createdAt: row.createdAt as never }
        ),
        Effect.orDie,
        Effect.withSpan("HooksRepo.describe")
      )

    /** A new path and secret for the user; the old ones stop working at once. */
    const rotate = (userId: UserId) =>
      Effect.gen(function* () {
        const hookId = randomBytes(24).toString("base64url")
        const secret = randomBytes(32).toString("base64url")
        yield* sql`INSERT INTO app_data.tradingview_hooks (user_id, hook_id, secret_hash)
          VALUES (${userId}, ${hookId}, ${hash(secret)})
          ON CONFLICT (user_id) DO UPDATE SET hook_id = excluded.hook_id,
            secret_hash = excluded.secret_hash, created_at = now()`
        return { path: hookPath(hookId), secret }
      }).pipe(Effect.orDie, Effect.withSpan("HooksRepo.rotate"))

    /** The hook's owner as they stand now (role, whether disabled), and its secret's hash. */
    const byHookId = (hookId: string) =>
      sql<{ userId: UserId; secretHash: Uint8Array; role: Role; disabled: boolean }>`
        SELECT h.user_id AS "userId", h.secret_hash AS "secretHash", u.role,
          u.disabled_at IS NOT NULL AS disabled
        FROM app_data.tradingview_hooks h JOIN app_data.users u ON u.id = h.user_id
        WHERE h.hook_id = ${hookId}`.pipe(
        Effect.map((rows) => rows[0]),
        Effect.orDie,
        Effect.withSpan("HooksRepo.byHookId")
      )

    return { describe, rotate, byHookId } as const
  })
}) {}
