import { SqlClient } from "@effect/sql"
import { Effect, Option, Schema } from "effect"
import { connectionContext } from "../Exchanges/Connections.js"
import { defineJob } from "../Jobs/JobDefinition.js"
import { handle } from "../Jobs/Workers.js"
import { webhookContext } from "../Signals/WebhookAddress.js"
import { SecretBox } from "./SecretBox.js"

/** A column of sealed secrets: its table, the row's id, and the context each was sealed with. */
interface SealedColumn {
  readonly table: string
  readonly id: string
  readonly value: string
  readonly keyId: string
  readonly context: (id: string) => string
}

/** Every column that holds sealed secrets: a new one is listed here. */
export const SEALED_COLUMNS: ReadonlyArray<SealedColumn> = [
  {
    table: "app_data.signal_webhooks",
    id: "user_id",
    value: "url_encrypted",
    keyId: "key_id",
    context: webhookContext
  },
  {
    table: "app_data.exchange_connections",
    // Sealed for the owner and the connection: the id carries both.
    id: "(user_id::text || ':' || id::text)",
    value: "credentials_encrypted",
    keyId: "key_id",
    context: (id) => {
      const [userId = "", connectionId = ""] = id.split(":")
      return connectionContext(userId, connectionId)
    }
  }
]

const BATCH = 100

/**
 * Daily, and at every start: secrets whose data key is wrapped by an older master key of the
 * ring are wrapped again by the current one (the secrets themselves are not touched). After it
 * has run, an older key can leave SECRETS_KEYS.
 */
export const rewrapJob = defineJob({
  name: "secrets-rewrap",
  payload: Schema.Struct({}),
  settings: { retryLimit: 3, expireInSeconds: 15 * 60, batchSize: 1 }
})

/** 03:41 UTC. */
export const REWRAP_CRON = "41 3 * * *"

/**
 * Re-wraps, in batches, every sealed secret whose data key an older key of the ring wrapped.
 * One wrapped by a key no longer in the ring cannot be: it is counted and reported, not touched.
 */
export const rewrapAll = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const box = yield* SecretBox
  const [current, ...older] = box.keyIds
  if (current === undefined) return { rewrapped: 0, lost: 0 }
  let rewrapped = 0
  let lost = 0
  for (const column of SEALED_COLUMNS) {
    // Names from the list above, never from input.
    const table = sql.literal(column.table)
    const id = sql.literal(column.id)
    const value = sql.literal(column.value)
    const keyId = sql.literal(column.keyId)
    for (;;) {
      // Rows another process is re-wrapping are skipped, not waited for.
      const claimed = yield* sql.withTransaction(
        Effect.gen(function* () {
          const rows = yield* sql<{ id: string; sealed: Uint8Array }>`
            SELECT ${id}::text AS id, ${value} AS sealed FROM ${table}
            WHERE ${keyId} = ANY(${older}::text[]) LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`
          for (const row of rows) {
            const next = yield* Effect.orDie(box.rewrap(row.sealed, column.context(row.id)))
            if (Option.isSome(next))
              yield* sql`UPDATE ${table} SET ${value} = ${next.value}, ${keyId} = ${current}
                         WHERE ${id}::text = ${row.id}`
          }
          return rows.length
        })
      )
      rewrapped += claimed
      if (claimed < BATCH) break
    }
    const [{ n }] = (yield* sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${table} WHERE NOT ${keyId} = ANY(${box.keyIds}::text[])`) as [
      { n: number }
    ]
    lost += n
  }
  yield* Effect.logInfo("Secrets re-wrapped with the current master key").pipe(
    Effect.annotateLogs({ rewrapped, keyId: current })
  )
  if (lost > 0)
    yield* Effect.logWarning(
      `${lost} secrets are sealed under keys SECRETS_KEYS no longer holds: put the keys back, or their owners must set them again`
    )
  return { rewrapped, lost }
})

export const rewrapHandler = handle(rewrapJob, () => Effect.asVoid(rewrapAll))
