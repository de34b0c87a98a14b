import { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import type { Fragment } from "@effect/sql/Statement"
import {
  Conflict,
  MAX_RUNNING_WATCHES,
  NotFound,
  type StrategyId,
  Unprocessable,
  type UserId,
  Watch,
  type WatchId
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { sqlState, UNIQUE_VIOLATION } from "../Database/SqlErrors.js"
import { isoText, isoTimestamp } from "../Database/SqlTime.js"

const decode = rowsDecoder(Schema.typeSchema(Watch))

export const watchNotFound = new NotFound({ message: "Watch not found" })

/** Stopped watches the list shows, newest first, after the running ones. */
const STOPPED_LISTED = 50

/** A due watch as the tick replays it. */
export interface DueWatch {
  readonly id: WatchId
  readonly userId: UserId
  readonly document: unknown
  readonly initialCapital: number
  readonly startedAt: number
  readonly lastBar: number | null
  readonly webhook: boolean
}

export interface NewWatch {
  readonly strategyId: StrategyId
  readonly version: number
  readonly initialCapital: string
  readonly webhook: boolean
  readonly startedAt: Date
  readonly dueAt: Date
}

/** Watches, always scoped by the owner's id in SQL, and the tick's claim of due ones. */
export class WatchesRepo extends Effect.Service<WatchesRepo>()("WatchesRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`w.id, w.strategy_id AS "strategyId", s.name AS "strategyName",
      w.version, ARRAY(SELECT jsonb_array_elements_text(v.document -> 'symbols')) AS symbols,
      v.document ->> 'timeframe' AS timeframe,
      trim_scale(w.initial_capital)::text AS "initialCapital",
      ${isoTimestamp("w.started_at", "startedAt")}, ${isoTimestamp("w.stopped_at", "stoppedAt")},
      ${isoTimestamp("w.last_bar", "lastBar")},
      CASE WHEN w.stopped_at IS NULL THEN ${isoText("w.due_at")} END AS "nextCheckAt",
      w.webhook, (SELECT count(*)::int FROM app_data.strategy_signals g WHERE g.watch_id = w.id) AS signals,
      w.message, ${isoTimestamp("w.created_at", "createdAt")}`)
    const select = (where: Fragment) =>
      sql`SELECT ${columns} FROM app_data.strategy_watches w
          JOIN app_data.strategies s ON s.id = w.strategy_id
          JOIN app_data.strategy_versions v ON v.strategy_id = w.strategy_id AND v.version = w.version
          WHERE ${where}`.pipe(Effect.flatMap(decode), Effect.orDie)

    const find = (userId: UserId, id: WatchId) =>
      Effect.flatMap(select(sql`w.id = ${id} AND w.user_id = ${userId}`), (rows) =>
        rows[0] === undefined ? Effect.fail(watchNotFound) : Effect.succeed(rows[0])
      ).pipe(Effect.withSpan("WatchesRepo.find"))

    const list = (userId: UserId) =>
      Effect.zipWith(
        select(sql`w.user_id = ${userId} AND w.stopped_at IS NULL ORDER BY w.created_at DESC`),
        select(
          sql`w.user_id = ${userId} AND w.stopped_at IS NOT NULL
              ORDER BY w.stopped_at DESC LIMIT ${STOPPED_LISTED}`
        ),
        (running, stopped) => [...running, ...stopped]
      ).pipe(Effect.withSpan("WatchesRepo.list"))

    /** Every watch of the account, oldest first (the account export). */
    const all = (userId: UserId) =>
      select(sql`w.user_id = ${userId} ORDER BY w.created_at, w.id`).pipe(
        Effect.withSpan("WatchesRepo.all")
      )

    /**
     * Starts a watch under the account's lock, so the limit of running watches holds across
     * replicas; a strategy already watched is a Conflict (the unique index decides a race).
     */
    const create = (userId: UserId, watch: NewWatch) =>
      Effect.gen(function* () {
        const [{ running, hooked }] = (yield* sql<{ running: number; hooked: boolean }>`
          SELECT (SELECT count(*)::int FROM app_data.strategy_watches
                  WHERE user_id = ${userId} AND stopped_at IS NULL) AS running,
                 EXISTS (SELECT 1 FROM app_data.signal_webhooks WHERE user_id = ${userId}) AS hooked`) as [
          { running: number; hooked: boolean }
        ]
        if (running >= MAX_RUNNING_WATCHES)
          return yield* Unprocessable.field(
            ["strategyId"],
            `You have ${MAX_RUNNING_WATCHES} running watches, the most an account may; stop one first`
          )
        if (watch.webhook && !hooked)
          return yield* Unprocessable.field(
            ["webhook"],
            "Set a webhook in the signals settings first, or watch without posting"
          )
        const [row] = yield* sql<{ id: WatchId }>`
          INSERT INTO app_data.strategy_watches
            (user_id, strategy_id, version, initial_capital, webhook, started_at, due_at)
          VALUES (${userId}, ${watch.strategyId}, ${watch.version}, ${watch.initialCapital},
            ${watch.webhook}, ${watch.startedAt}, ${watch.dueAt})
          RETURNING id`
        return (row as { id: WatchId }).id
      }).pipe(
        Effect.catchIf(
          (e) => e instanceof SqlError && sqlState(e) === UNIQUE_VIOLATION,
          () =>
            Effect.fail(
              new Conflict({ message: "This strategy is watched already; stop that watch first" })
            )
        ),
        withKeyLocks(sql, [`watches:${userId}`]),
        Effect.catchTag("SqlError", Effect.die),
        Effect.flatMap((id) => Effect.orDie(find(userId, id))),
        Effect.withSpan("WatchesRepo.create")
      )

    const setWebhook = (userId: UserId, id: WatchId, webhook: boolean) =>
      Effect.gen(function* () {
        if (webhook) {
          const hooked =
            yield* sql`SELECT 1 FROM app_data.signal_webhooks WHERE user_id = ${userId}`
          if (hooked.length === 0)
            return yield* Unprocessable.field(
              ["webhook"],
              "Set a webhook in the signals settings first"
            )
        }
        const rows = yield* sql`UPDATE app_data.strategy_watches SET webhook = ${webhook}
                                WHERE id = ${id} AND user_id = ${userId} AND stopped_at IS NULL
                                RETURNING id`
        if (rows.length === 0)
          return yield* Effect.fail(
            new NotFound({ message: "No running watch of yours has this id" })
          )
        return yield* find(userId, id)
      }).pipe(Effect.catchTag("SqlError", Effect.die), Effect.withSpan("WatchesRepo.setWebhook"))

    const stop = (userId: UserId, id: WatchId) =>
      sql`UPDATE app_data.strategy_watches SET stopped_at = coalesce(stopped_at, now())
          WHERE id = ${id} AND user_id = ${userId} RETURNING id`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) =>
          rows.length === 0 ? Effect.fail(watchNotFound) : find(userId, id)
        ),
        Effect.withSpan("WatchesRepo.stop")
      )

    const remove = (userId: UserId, id: WatchId) =>
      sql`DELETE FROM app_data.strategy_watches WHERE id = ${id} AND user_id = ${userId}
          RETURNING id`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) => (rows.length === 0 ? Effect.fail(watchNotFound) : Effect.void)),
        Effect.withSpan("WatchesRepo.remove")
      )

    /** No webhook any more: no watch of the account posts. */
    const unhookAll = (userId: UserId) =>
      sql`UPDATE app_data.strategy_watches SET webhook = false WHERE user_id = ${userId}`.pipe(
        Effect.asVoid,
        Effect.withSpan("WatchesRepo.unhookAll")
      )

    /**
     * Due running watches, locked for this transaction; rows another replica's tick holds are
     * skipped. Run inside the tick's transaction.
     */
    const claimDue = (batch: number) =>
      sql<{
        id: WatchId
        userId: UserId
        document: unknown
        initialCapital: number
        startedAt: number
        lastBar: number | null
        webhook: boolean
      }>`
        SELECT w.id, w.user_id AS "userId", v.document, w.initial_capital::float8 AS "initialCapital",
          (extract(epoch FROM w.started_at) * 1000)::float8 AS "startedAt",
          (extract(epoch FROM w.last_bar) * 1000)::float8 AS "lastBar", w.webhook
        FROM app_data.strategy_watches w
        JOIN app_data.strategy_versions v ON v.strategy_id = w.strategy_id AND v.version = w.version
        WHERE w.stopped_at IS NULL AND w.due_at <= now()
        ORDER BY w.due_at LIMIT ${batch}
        FOR UPDATE OF w SKIP LOCKED`.pipe(
        Effect.map((rows): ReadonlyArray<DueWatch> => rows),
        Effect.withSpan("WatchesRepo.claimDue")
      )

    /** After a replay: the latest candle read, when to look again, and what to tell the owner. */
    const advance = (id: WatchId, lastBar: number | null, dueAt: number, message: string) =>
      sql`UPDATE app_data.strategy_watches
          SET last_bar = ${lastBar === null ? null : new Date(lastBar)}, due_at = ${new Date(dueAt)},
            message = ${message}
          WHERE id = ${id}`.pipe(Effect.asVoid, Effect.withSpan("WatchesRepo.advance"))

    /** The watch cannot go on; it stops, saying why. */
    const stopWith = (id: WatchId, message: string) =>
      sql`UPDATE app_data.strategy_watches SET stopped_at = now(), message = ${message}
          WHERE id = ${id}`.pipe(Effect.asVoid, Effect.withSpan("WatchesRepo.stopWith"))

    return {
      find,
      list,
      all,
      create,
      setWebhook,
      stop,
      remove,
      unhookAll,
      claimDue,
      advance,
      stopWith
    } as const
  })
}) {}
