import { SqlClient } from "@effect/sql"
import type { UserId } from "@trading-app/domain"
import { Effect } from "effect"
import type { Position } from "./Position.js"

/** An outbox row as the stream needs it. */
export interface OutboxRow {
  readonly tx: string
  readonly seq: string
  readonly userId: UserId
  readonly type: string
  readonly payload: unknown
  readonly createdAtMs: number
}

/**
 * The events outbox (see migration 1764600000000_events.sql). Every read stops before the
 * oldest transaction still running: past that point no event can appear any more, so a reader
 * that has reached a position never misses one behind it.
 */
export class EventsRepo extends Effect.Service<EventsRepo>()("EventsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    // Ordered by the columns (e.tx), not the text output columns of the same names.
    const settled = sql`e.tx < pg_snapshot_xmin(pg_current_snapshot())`

    const columns = sql`e.tx::text AS tx, e.seq::text AS seq, e.user_id AS "userId", e.type,
      e.payload, (extract(epoch FROM e.created_at) * 1000)::float8 AS "createdAtMs"`

    /** The last settled position, where a new reader starts. */
    const head = sql<{ tx: string; seq: string }>`
      SELECT e.tx::text AS tx, e.seq::text AS seq FROM app_data.events e
      WHERE ${settled} ORDER BY e.tx DESC, e.seq DESC LIMIT 1`.pipe(
      Effect.map((rows) => rows[0]),
      Effect.withSpan("EventsRepo.head")
    )

    /** The first position still kept (retention drops whole months). */
    const oldest = sql<{ tx: string; seq: string }>`
      SELECT e.tx::text AS tx, e.seq::text AS seq FROM app_data.events e
      ORDER BY e.tx, e.seq LIMIT 1`.pipe(
      Effect.map((rows) => rows[0]),
      Effect.withSpan("EventsRepo.oldest")
    )

    /** Every user's settled events after `from`, in order. */
    const after = (from: Position, limit: number) =>
      sql<OutboxRow>`
        SELECT ${columns} FROM app_data.events e
        WHERE (e.tx, e.seq) > (${from.tx}::xid8, ${from.seq}::bigint) AND ${settled}
        ORDER BY e.tx, e.seq LIMIT ${limit}`.pipe(Effect.withSpan("EventsRepo.after"))

    /** One user's events after `from` up to and including `to`, in order. */
    const between = (userId: UserId, from: Position, to: Position, limit: number) =>
      sql<OutboxRow>`
        SELECT ${columns} FROM app_data.events e
        WHERE e.user_id = ${userId}
          AND (e.tx, e.seq) > (${from.tx}::xid8, ${from.seq}::bigint)
          AND (e.tx, e.seq) <= (${to.tx}::xid8, ${to.seq}::bigint)
        ORDER BY e.tx, e.seq LIMIT ${limit}`.pipe(Effect.withSpan("EventsRepo.between"))

    /** The symbols in a user's ledger, whose prices their stream carries. */
    const ledgerSymbols = (userId: UserId) =>
      sql<{ symbol: string }>`
        SELECT DISTINCT p.symbol FROM app_data.ledger_packs p
        JOIN app_data.user_portfolios f ON f.id = p.portfolio_id
        WHERE f.user_id = ${userId} AND p.symbol <> ''`.pipe(
        Effect.map((rows) => rows.map((r) => r.symbol)),
        Effect.withSpan("EventsRepo.ledgerSymbols")
      )

    /** Creates the coming months' partitions; drops those older than `keepDays`. */
    const maintainPartitions = (keepDays: number) =>
      sql<{ dropped: number }>`
        SELECT app_data.events_maintain_partitions(${keepDays}) AS dropped`.pipe(
        Effect.map((rows) => rows[0]?.dropped ?? 0),
        Effect.withSpan("EventsRepo.maintainPartitions")
      )

    return { head, oldest, after, between, ledgerSymbols, maintainPartitions } as const
  })
}) {}
