import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import { Signal, type SignalId, type UserId, type WatchId } from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import type { Cursor } from "../Database/KeysetCursor.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import type { LiveSignal } from "./Live.js"

const decode = rowsDecoder(Schema.typeSchema(Signal))
const encodeSignal = Schema.encodeSync(Signal)

/** A price from the engine as an exact decimal of at most 10 places. */
const decimal = (n: number) => n.toFixed(10)

/** Signals, always scoped by the owner's id in SQL, and the tick's recording of new ones. */
export class SignalsRepo extends Effect.Service<SignalsRepo>()("SignalsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`g.id, g.watch_id AS "watchId", w.strategy_id AS "strategyId",
      s.name AS "strategyName", w.version, g.symbol, g.side, g.reason,
      ${isoTimestamp("g.bar_time", "barTime")}, trim_scale(g.price)::text AS price,
      ${isoTimestamp("g.created_at", "createdAt")},
      json_build_object('state', g.webhook_state, 'message', g.webhook_message) AS webhook`)
    const from = (signals: Fragment) =>
      sql`${signals} JOIN app_data.strategy_watches w ON w.id = g.watch_id
          JOIN app_data.strategies s ON s.id = w.strategy_id`

    /** One page, latest candle first; `limit + 1` rows are read. */
    const page = (
      userId: UserId,
      watchId: WatchId | undefined,
      limit: number,
      after: Cursor | undefined
    ) =>
      sql`SELECT ${columns} FROM ${from(sql`app_data.strategy_signals g`)}
          WHERE g.user_id = ${userId}
            ${watchId === undefined ? sql`` : sql`AND g.watch_id = ${watchId}`}
            ${after === undefined ? sql`` : sql`AND (g.bar_time, g.id) < (${after.at}::timestamptz, ${after.id}::uuid)`}
          ORDER BY g.bar_time DESC, g.id DESC LIMIT ${limit + 1}`.pipe(
        Effect.flatMap(decode),
        Effect.orDie,
        Effect.withSpan("SignalsRepo.page")
      )

    /**
     * Stores the signals a replay found; those already there (found by an earlier replay, or by
     * another replica) are left. Each new one goes on its owner's event stream, and to the bots
     * that trade the watch, in the same transaction, and is answered, oldest first.
     */
    const record = (
      watchId: WatchId,
      userId: UserId,
      webhook: boolean,
      signals: ReadonlyArray<LiveSignal>
    ) =>
      Effect.gen(function* () {
        if (signals.length === 0) return []
        const rows = yield* sql`
          WITH g AS (
            INSERT INTO app_data.strategy_signals
              (watch_id, user_id, symbol, side, reason, bar_time, price, webhook_state)
            SELECT ${watchId}, ${userId}, x.symbol, x.side, x.reason,
              to_timestamp(x.t / 1000.0), x.price, ${webhook ? "pending" : "none"}
            FROM unnest(${signals.map((s) => s.symbol)}::text[], ${signals.map((s) => s.side)}::text[],
              ${signals.map((s) => s.reason)}::text[], ${signals.map((s) => s.time)}::float8[],
              ${signals.map((s) => decimal(s.price))}::numeric[]) AS x(symbol, side, reason, t, price)
            ON CONFLICT (watch_id, symbol, bar_time, side) DO NOTHING
            RETURNING *)
          SELECT ${columns} FROM ${from(sql`g`)} ORDER BY g.bar_time, g.symbol, g.side`.pipe(
          Effect.flatMap(decode),
          Effect.orDie
        )
        // Bots that trade this watch's signals get each new one as a signal of their own, acted
        // on by the execution engine's sweep (one per signal and bot).
        if (rows.length > 0)
          yield* sql`INSERT INTO app_data.execution_signals (user_id, source, bot_id, symbol,
              action, price, dedupe_key, sent_at)
            SELECT b.user_id, 'strategy', b.id, g.symbol,
              CASE g.side WHEN 'entry' THEN 'buy' ELSE 'sell' END, g.price,
              'strategy-signal:' || g.id || ':' || b.id, g.bar_time
            FROM app_data.strategy_signals g
            JOIN app_data.bots b ON b.watch_id = g.watch_id AND b.symbol = g.symbol
            WHERE g.id = ANY(${rows.map((r) => r.id)}::uuid[])
            ON CONFLICT (user_id, dedupe_key) DO NOTHING`
        if (rows.length > 0)
          yield* sql`INSERT INTO app_data.events (user_id, type, payload)
                     SELECT ${userId}, 'signal', jsonb_build_object('signal', s)
                     FROM jsonb_array_elements(${JSON.stringify(rows.map((r) => encodeSignal(r)))}::jsonb) AS s`
        return rows
      }).pipe(Effect.withSpan("SignalsRepo.record"))

    /** A signal of its owner, for the webhook job. */
    const find = (userId: UserId, id: SignalId) =>
      sql`SELECT ${columns} FROM ${from(sql`app_data.strategy_signals g`)}
          WHERE g.id = ${id} AND g.user_id = ${userId}`.pipe(
        Effect.flatMap(decode),
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie,
        Effect.withSpan("SignalsRepo.find")
      )

    /** Records how the post went, and tells the owner's open pages (a failure is shown). */
    const setWebhookState = (
      userId: UserId,
      id: SignalId,
      state: "sent" | "failed",
      message: string
    ) =>
      sql`WITH s AS (
            UPDATE app_data.strategy_signals
            SET webhook_state = ${state}, webhook_message = ${message.slice(0, 500)}
            WHERE id = ${id} AND user_id = ${userId}
            RETURNING id, symbol, webhook_state, webhook_message)
          INSERT INTO app_data.events (user_id, type, payload)
          SELECT ${userId}, 'signal.webhook', jsonb_build_object('signalId', s.id, 'symbol', s.symbol,
            'webhook', jsonb_build_object('state', s.webhook_state, 'message', s.webhook_message))
          FROM s`.pipe(Effect.asVoid, Effect.orDie, Effect.withSpan("SignalsRepo.setWebhookState"))

    return { page, record, find, setWebhookState } as const
  })
}) {}
