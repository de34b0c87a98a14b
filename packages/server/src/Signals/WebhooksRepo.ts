import { SqlClient } from "@effect/sql"
import type { SignalWebhook, UserId } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { isoTimestamp } from "../Database/SqlTime.js"
import { keyIdOf } from "../Secrets/SecretBox.js"

const none: SignalWebhook = { configured: false, host: null, updatedAt: null }

/** Each user's signal webhook: the address sealed (see SecretBox), its host in the clear. */
export class WebhooksRepo extends Effect.Service<WebhooksRepo>()("WebhooksRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const describe = (userId: UserId) =>
      sql<SignalWebhook>`
        SELECT true AS configured, host, ${sql.literal(isoTimestamp("updated_at", "updatedAt"))}
        FROM app_data.signal_webhooks WHERE user_id = ${userId}`.pipe(
        Effect.map((rows) => rows[0] ?? none),
        Effect.orDie,
        Effect.withSpan("WebhooksRepo.describe")
      )

    const sealedUrl = (userId: UserId) =>
      sql<{ sealed: Uint8Array }>`
        SELECT url_encrypted AS sealed FROM app_data.signal_webhooks WHERE user_id = ${userId}`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.sealed)),
        Effect.orDie,
        Effect.withSpan("WebhooksRepo.sealedUrl")
      )

    const set = (userId: UserId, sealed: Uint8Array, host: string) =>
      sql`INSERT INTO app_data.signal_webhooks (user_id, url_encrypted, key_id, host)
          VALUES (${userId}, ${sealed}, ${keyIdOf(sealed)}, ${host})
          ON CONFLICT (user_id) DO UPDATE SET url_encrypted = excluded.url_encrypted,
            key_id = excluded.key_id, host = excluded.host, updated_at = now()`.pipe(
        Effect.zipRight(describe(userId)),
        Effect.orDie,
        Effect.withSpan("WebhooksRepo.set")
      )

    const remove = (userId: UserId) =>
      sql`DELETE FROM app_data.signal_webhooks WHERE user_id = ${userId} RETURNING user_id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.withSpan("WebhooksRepo.remove")
      )

    return { describe, sealedUrl, set, remove } as const
  })
}) {}
