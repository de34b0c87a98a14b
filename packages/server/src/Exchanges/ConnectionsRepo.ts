import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import {
  Conflict,
  Connection,
  type ConnectionId,
  type ConnectionStatus,
  type Exchange,
  type ExchangeMode,
  MAX_CONNECTIONS,
  NotFound,
  Unprocessable,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import { keyIdOf } from "../Secrets/SecretBox.js"

const decode = rowsDecoder(Schema.typeSchema(Connection))

export const connectionNotFound = new NotFound({ message: "Connection not found" })

/** How often each connection is checked again. */
export const CHECK_EVERY_MINUTES = 5

/** Sealed keys with the last four characters of the API key, shown to tell keys apart. */
export interface SealedKeys {
  readonly sealed: Uint8Array
  readonly hint: string
}

/** A connection as the engine uses it: its sealed keys, if any. */
export interface ConnectionAccess {
  readonly id: ConnectionId
  readonly userId: UserId
  readonly exchange: Exchange
  readonly mode: ExchangeMode
  readonly sealed: Uint8Array | null
}

export interface NewConnection {
  readonly id: ConnectionId
  readonly name: string
  readonly exchange: Exchange
  readonly mode: ExchangeMode
  readonly keys: Option.Option<SealedKeys>
}

export interface ConnectionChange {
  readonly name?: string | undefined
  readonly mode?: ExchangeMode | undefined
  readonly keys: Option.Option<SealedKeys>
}

/** Exchange connections, always scoped by the owner's id in SQL, and the periodic check's claim. */
export class ConnectionsRepo extends Effect.Service<ConnectionsRepo>()("ConnectionsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`id, name, exchange, mode, key_hint AS "keyHint", status,
      status_message AS "statusMessage", ${isoTimestamp("checked_at", "checkedAt")},
      ${isoTimestamp("created_at", "createdAt")}, ${isoTimestamp("updated_at", "updatedAt")}`)
    const select = (where: Fragment) =>
      sql`SELECT ${columns} FROM app_data.exchange_connections WHERE ${where}`.pipe(
        Effect.flatMap(decode),
        Effect.orDie
      )

    const find = (userId: UserId, id: ConnectionId) =>
      Effect.flatMap(select(sql`id = ${id} AND user_id = ${userId}`), (rows) =>
        rows[0] === undefined ? Effect.fail(connectionNotFound) : Effect.succeed(rows[0])
      ).pipe(Effect.withSpan("ConnectionsRepo.find"))

    const list = (userId: UserId) =>
      select(sql`user_id = ${userId} ORDER BY created_at, id`).pipe(
        Effect.withSpan("ConnectionsRepo.list")
      )

    /** The connection with its sealed keys, for checking it or placing orders. */
    const access = (userId: UserId, id: ConnectionId) =>
      sql<ConnectionAccess>`
        SELECT id, user_id AS "userId", exchange, mode, credentials_encrypted AS sealed
        FROM app_data.exchange_connections WHERE id = ${id} AND user_id = ${userId}`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.fail(connectionNotFound) : Effect.succeed(rows[0])
        ),
        Effect.withSpan("ConnectionsRepo.access")
      )

    /** Adds a connection under the account's lock, so the limit holds across replicas. */
    const create = (userId: UserId, c: NewConnection) =>
      Effect.gen(function* () {
        const [{ n }] = (yield* sql<{ n: number }>`
          SELECT count(*)::int AS n FROM app_data.exchange_connections
          WHERE user_id = ${userId}`) as [{ n: number }]
        if (n >= MAX_CONNECTIONS)
          return yield* Unprocessable.field(
            ["name"],
            `You have ${MAX_CONNECTIONS} connections, the most an account may; delete one first`
          )
        const keys = Option.getOrNull(c.keys)
        yield* sql`INSERT INTO app_data.exchange_connections
            (id, user_id, name, exchange, mode, credentials_encrypted, key_id, key_hint)
          VALUES (${c.id}, ${userId}, ${c.name}, ${c.exchange}, ${c.mode}, ${keys?.sealed ?? null},
            ${keys === null ? null : keyIdOf(keys.sealed)}, ${keys?.hint ?? null})`
      }).pipe(
        withKeyLocks(sql, [`connections:${userId}`]),
        Effect.catchTag("SqlError", Effect.die),
        Effect.zipRight(Effect.orDie(find(userId, c.id))),
        Effect.withSpan("ConnectionsRepo.create")
      )

    /**
     * Applies a change; a new mode or new keys make the connection unchecked and due for a check
     * at once. Fails with NotFound for another account's connection.
     */
    const update = (userId: UserId, id: ConnectionId, change: ConnectionChange) => {
      const keys = Option.getOrNull(change.keys)
      const recheck = change.mode !== undefined || keys !== null
      return sql`UPDATE app_data.exchange_connections SET
          name = coalesce(${change.name ?? null}, name),
          mode = coalesce(${change.mode ?? null}, mode),
          credentials_encrypted = coalesce(${keys?.sealed ?? null}::bytea, credentials_encrypted),
          key_id = coalesce(${keys === null ? null : keyIdOf(keys.sealed)}, key_id),
          key_hint = coalesce(${keys?.hint ?? null}, key_hint),
          status = CASE WHEN ${recheck} THEN 'unchecked' ELSE status END,
          status_message = CASE WHEN ${recheck} THEN '' ELSE status_message END,
          check_due_at = CASE WHEN ${recheck} THEN now() ELSE check_due_at END,
          updated_at = now()
        WHERE id = ${id} AND user_id = ${userId} RETURNING id`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) =>
          rows.length === 0 ? Effect.fail(connectionNotFound) : find(userId, id)
        ),
        Effect.withSpan("ConnectionsRepo.update")
      )
    }

    /** Deletes a connection; one that bots trade on is kept (409: they would lose it). */
    const remove = (userId: UserId, id: ConnectionId) =>
      Effect.gen(function* () {
        const [row] = yield* sql<{ bots: number }>`
          SELECT (SELECT count(*)::int FROM app_data.bots b WHERE b.connection_id = c.id) AS bots
          FROM app_data.exchange_connections c WHERE c.id = ${id} AND c.user_id = ${userId}
          FOR UPDATE`
        if (row === undefined) return yield* connectionNotFound
        if (row.bots > 0)
          return yield* new Conflict({
            message: `${row.bots} bot${row.bots === 1 ? " trades" : "s trade"} on this connection: delete ${row.bots === 1 ? "it" : "them"} first`
          })
        yield* sql`DELETE FROM app_data.exchange_connections WHERE id = ${id}`
      }).pipe(
        sql.withTransaction,
        Effect.catchTag("SqlError", Effect.die),
        Effect.withSpan("ConnectionsRepo.remove")
      )

    /**
     * Claims up to `limit` connections due for a check by moving their next check a period
     * ahead, in one statement: a connection another replica has just claimed is skipped. The
     * check itself runs outside any transaction (it waits on the exchange).
     */
    const claimDue = (limit: number, paperOnly: boolean) =>
      sql<ConnectionAccess>`
        UPDATE app_data.exchange_connections c
        SET check_due_at = now() + make_interval(mins => ${CHECK_EVERY_MINUTES})
        WHERE c.id IN (
          SELECT id FROM app_data.exchange_connections WHERE check_due_at <= now()
            AND (mode = 'paper' OR NOT ${paperOnly})
          ORDER BY check_due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING c.id, c.user_id AS "userId", c.exchange, c.mode,
          c.credentials_encrypted AS sealed`.pipe(Effect.withSpan("ConnectionsRepo.claimDue"))

    /**
     * Records a check's outcome, unless the connection's mode or keys changed while it ran (that
     * change asked for a check of its own). With `announce` (a periodic check, which nobody
     * waits for), a changed status goes on the owner's event stream.
     */
    const recordCheck = (
      access: ConnectionAccess,
      status: Exclude<ConnectionStatus, "unchecked">,
      message: string,
      announce: boolean
    ) =>
      Effect.gen(function* () {
        const changed = yield* sql<{ id: ConnectionId; before: ConnectionStatus }>`
          UPDATE app_data.exchange_connections c SET status = ${status},
            status_message = ${message.slice(0, 500)}, checked_at = now(),
            check_due_at = now() + make_interval(mins => ${CHECK_EVERY_MINUTES})
          FROM (SELECT id, status FROM app_data.exchange_connections WHERE id = ${access.id}
                FOR UPDATE) AS old
          WHERE c.id = old.id AND c.mode = ${access.mode}
            AND c.credentials_encrypted IS NOT DISTINCT FROM ${access.sealed}::bytea
          RETURNING c.id, old.status AS before`
        const row = changed[0]
        if (!announce || row === undefined || row.before === status) return
        yield* sql`INSERT INTO app_data.events (user_id, type, payload)
          SELECT ${access.userId}, 'connection.changed', jsonb_build_object('connection',
            jsonb_build_object('id', id, 'name', name, 'status', status,
              'statusMessage', status_message))
          FROM app_data.exchange_connections WHERE id = ${access.id}`
      }).pipe(sql.withTransaction, Effect.orDie, Effect.withSpan("ConnectionsRepo.recordCheck"))

    /** Groups not closed yet on the connection. */
    const openGroups = (id: ConnectionId) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM app_data.position_groups
        WHERE connection_id = ${id} AND state NOT IN ('closed', 'failed')`.pipe(
        Effect.map((rows) => rows[0]?.n ?? 0),
        Effect.orDie
      )

    return {
      find,
      list,
      access,
      create,
      update,
      remove,
      claimDue,
      recordCheck,
      openGroups
    } as const
  })
}) {}
