import { SqlClient } from "@effect/sql"
import { AccountExport, type ExportId, type JobProgress, type UserId } from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

const decode = rowsDecoder(Schema.typeSchema(AccountExport))

/** The account exports: their state, and the file once made. Keyed by the user's id. */
export class AccountExportsRepo extends Effect.Service<AccountExportsRepo>()("AccountExportsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns =
      sql.literal(`id, state, percent, message, ${isoTimestamp("created_at", "createdAt")},
      ${isoTimestamp("finished_at", "finishedAt")}, ${isoTimestamp("expires_at", "expiresAt")},
      size_bytes::int AS "sizeBytes"`)

    /** A new queued export, or none when the user has one queued or running already. */
    const create = (userId: UserId) =>
      sql`INSERT INTO app_data.account_exports (user_id) VALUES (${userId})
          ON CONFLICT (user_id) WHERE state IN ('queued', 'running') DO NOTHING
          RETURNING ${columns}`.pipe(
        Effect.flatMap(decode),
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie
      )

    const active = (userId: UserId) =>
      sql`SELECT ${columns} FROM app_data.account_exports
          WHERE user_id = ${userId} AND state IN ('queued', 'running')`.pipe(
        Effect.flatMap(decode),
        Effect.map((rows) => rows[0]),
        Effect.orDie
      )

    const list = (userId: UserId) =>
      sql`SELECT ${columns} FROM app_data.account_exports
          WHERE user_id = ${userId} AND expires_at > now() ORDER BY created_at DESC LIMIT 20`.pipe(
        Effect.flatMap(decode),
        Effect.orDie
      )

    /**
     * Records how far an export has come and tells the user's event stream, in one statement.
     * `content` is the finished file.
     */
    const progress = (
      userId: UserId,
      id: ExportId,
      step: Pick<JobProgress, "state" | "percent" | "message">,
      content?: string
    ) =>
      // One statement: no event for an export that is gone (with its account).
      sql`WITH changed AS (
            UPDATE app_data.account_exports
            SET state = ${step.state}, percent = ${step.percent}, message = ${step.message},
                content = ${content ?? null},
                size_bytes = ${content === undefined ? null : Buffer.byteLength(content)},
                finished_at = CASE WHEN ${step.state} IN ('ready', 'failed') THEN now() END
            WHERE id = ${id} AND user_id = ${userId} RETURNING id)
          INSERT INTO app_data.events (user_id, type, payload)
          SELECT ${userId}, 'job.progress', ${JSON.stringify({ job: "account-export", id, ...step })}::jsonb
          FROM changed`

    /** A ready export's file, if it is the user's and has not expired. */
    const content = (userId: UserId, id: ExportId) =>
      sql<{ content: string }>`SELECT content FROM app_data.account_exports
          WHERE id = ${id} AND user_id = ${userId} AND state = 'ready' AND expires_at > now()`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.content)),
        Effect.orDie
      )

    return { create, active, list, progress, content } as const
  })
}) {}
