import { SqlClient } from "@effect/sql"
import {
  type ExecutionSignalId,
  type GroupId,
  type InstrumentSymbol,
  QueuedSignal,
  RiskLimits,
  type SignalKind,
  type UserId
} from "@trading-app/domain"
import { BigDecimal, Duration, Effect, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import type { Book } from "./Limits.js"

const decodeQueue = rowsDecoder(Schema.typeSchema(QueuedSignal))
const DEFAULTS = Schema.decodeSync(RiskLimits)({})

/** How often the risk tick checks a user's queue and mitigation. */
export const RISK_CHECK_EVERY = Duration.seconds(30)

/** The cost of what a group still holds: its bought cost less the cost of what it sold. */
const HELD_COST = `greatest(g.bought_cost - CASE WHEN g.bought_quantity > 0
  THEN g.sold_quantity * g.bought_cost / g.bought_quantity ELSE 0 END, 0)`

/** Risk limits, what the open groups commit, and the signal queue; always by owner. */
export class RiskRepo extends Effect.Service<RiskRepo>()("RiskRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const limits = (userId: UserId) =>
      sql<RiskLimits>`
        SELECT max_open_groups AS "maxOpenGroups",
          trim_scale(max_symbol_exposure)::text AS "maxSymbolExposure",
          trim_scale(max_total_exposure)::text AS "maxTotalExposure",
          trim_scale(max_daily_loss)::text AS "maxDailyLoss", queue_minutes AS "queueMinutes",
          mitigation, trim_scale(mitigation_loss_percent)::text AS "mitigationLossPercent"
        FROM app_data.risk_limits WHERE user_id = ${userId}`.pipe(
        Effect.map((rows) => rows[0] ?? DEFAULTS),
        Effect.orDie
      )

    const setLimits = (userId: UserId, l: RiskLimits) =>
      sql`INSERT INTO app_data.risk_limits (user_id, max_open_groups, max_symbol_exposure,
            max_total_exposure, max_daily_loss, queue_minutes, mitigation, mitigation_loss_percent)
          VALUES (${userId}, ${l.maxOpenGroups}, ${l.maxSymbolExposure}, ${l.maxTotalExposure},
            ${l.maxDailyLoss}, ${l.queueMinutes}, ${l.mitigation}, ${l.mitigationLossPercent})
          ON CONFLICT (user_id) DO UPDATE SET max_open_groups = excluded.max_open_groups,
            max_symbol_exposure = excluded.max_symbol_exposure,
            max_total_exposure = excluded.max_total_exposure,
            max_daily_loss = excluded.max_daily_loss, queue_minutes = excluded.queue_minutes,
            mitigation = excluded.mitigation,
            mitigation_loss_percent = excluded.mitigation_loss_percent,
            next_check_at = now(), updated_at = now()`.pipe(Effect.asVoid, Effect.orDie)

    /** Each open group's symbol and exposure: held cost plus its working buy orders. */
    const exposures = (userId: UserId) =>
      sql<{ symbol: string; committed: string }>`
        SELECT g.symbol, (${sql.literal(HELD_COST)} + coalesce((
            SELECT sum((o.quantity - o.filled_quantity) * o.price) FROM app_data.group_orders o
            WHERE o.group_id = g.id AND o.side = 'buy' AND NOT o.cancel_requested
              AND o.status IN ('new', 'open', 'partially_filled')), 0))::text AS committed
        FROM app_data.position_groups g
        WHERE g.user_id = ${userId} AND g.state NOT IN ('closed', 'failed')`.pipe(Effect.orDie)

    /** Realised P&L, after fees, of the groups closed since 00:00 UTC. */
    const realisedToday = (userId: UserId) =>
      sql<{ pnl: string }>`
        SELECT coalesce(sum(g.sold_proceeds - g.fees - CASE WHEN g.bought_quantity > 0
            THEN g.sold_quantity * g.bought_cost / g.bought_quantity ELSE 0 END), 0)::text AS pnl
        FROM app_data.position_groups g
        WHERE g.user_id = ${userId}
          AND g.closed_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`.pipe(
        Effect.map((rows) => BigDecimal.unsafeFromString(rows[0]?.pnl ?? "0")),
        Effect.orDie
      )

    const book = (userId: UserId) =>
      Effect.zipWith(
        exposures(userId),
        realisedToday(userId),
        (groups, realised): Book => ({
          groups: groups.map((g) => ({
            symbol: g.symbol,
            committed: BigDecimal.unsafeFromString(g.committed)
          })),
          realisedToday: realised
        })
      )

    /** The open groups' positions for mitigation: held quantity and its cost. */
    const positions = (userId: UserId) =>
      sql<{ id: GroupId; symbol: InstrumentSymbol; held: string; cost: string }>`
        SELECT g.id, g.symbol, (g.bought_quantity - g.sold_quantity)::text AS held,
          (${sql.literal(HELD_COST)})::text AS cost
        FROM app_data.position_groups g
        WHERE g.user_id = ${userId} AND g.state IN ('live', 'partially_filled')
          AND g.bought_quantity > g.sold_quantity`.pipe(Effect.orDie)

    /** Puts an entry in the queue, or keeps it there (its expiry set when it first came). */
    const queue = (id: ExecutionSignalId, kind: SignalKind, reason: string, minutes: number) =>
      sql`UPDATE app_data.execution_signals SET state = 'queued', kind = ${kind},
            reason = ${`Waiting: ${reason}`.slice(0, 500)},
            expires_at = coalesce(expires_at, now() + make_interval(mins => ${minutes}))
          WHERE id = ${id}`.pipe(Effect.asVoid, Effect.orDie)

    /** A newer signal for a symbol replaces the entries of that symbol waiting in the queue. */
    const replaceQueued = (userId: UserId, symbol: string, by: ExecutionSignalId) =>
      sql<{ id: ExecutionSignalId }>`
        UPDATE app_data.execution_signals s SET state = 'replaced', processed_at = now(),
          reason = ${`Replaced by a newer signal for ${symbol}`}
        FROM app_data.bots b
        WHERE s.user_id = ${userId} AND s.state = 'queued' AND s.id <> ${by}
          AND b.id = s.bot_id AND b.symbol = ${symbol}
          AND s.received_at <= (SELECT received_at FROM app_data.execution_signals WHERE id = ${by})
        RETURNING s.id`.pipe(Effect.orDie)

    const expireQueued = (userId: UserId) =>
      sql<{ id: ExecutionSignalId }>`
        UPDATE app_data.execution_signals SET state = 'expired', processed_at = now(),
          reason = 'Expired in the queue: the limits did not free capacity in time'
        WHERE user_id = ${userId} AND state = 'queued' AND expires_at <= now()
        RETURNING id`.pipe(Effect.orDie)

    const dropQueued = (userId: UserId, id: ExecutionSignalId) =>
      sql<{ id: ExecutionSignalId }>`
        UPDATE app_data.execution_signals SET state = 'invalid', processed_at = now(),
          reason = 'Taken out of the queue by you'
        WHERE id = ${id} AND user_id = ${userId} AND state = 'queued'
        RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      )

    /** The queue, best first: 100 × the bot's priority − the whole minutes waited; then oldest. */
    const queued = (userId: UserId) =>
      sql`SELECT s.id, s.bot_id AS "botId", b.name AS "botName", b.symbol, s.kind, s.reason,
            (100 * b.priority - floor(extract(epoch FROM now() - s.received_at) / 60))::int
              AS priority,
            ${sql.literal(isoTimestamp("s.received_at", "receivedAt"))},
            ${sql.literal(isoTimestamp("s.expires_at", "expiresAt"))}
          FROM app_data.execution_signals s JOIN app_data.bots b ON b.id = s.bot_id
          WHERE s.user_id = ${userId} AND s.state = 'queued' AND s.expires_at > now()
          ORDER BY priority DESC, s.received_at, s.id`.pipe(
        Effect.flatMap(decodeQueue),
        Effect.orDie,
        Effect.withSpan("RiskRepo.queued")
      )

    /**
     * Takes up to `limit` users due a risk check (a queue, or mitigation on) for this replica
     * until the next check: each is checked by one replica every 30 s.
     */
    const leaseDue = (limit: number) =>
      sql<{ userId: UserId; mitigation: boolean }>`
        UPDATE app_data.risk_limits SET next_check_at = now() + make_interval(secs => ${Duration.toSeconds(RISK_CHECK_EVERY)})
        WHERE user_id IN (
          SELECT r.user_id FROM app_data.risk_limits r
          WHERE r.next_check_at <= now() AND (r.mitigation OR EXISTS (
            SELECT 1 FROM app_data.execution_signals s
            WHERE s.user_id = r.user_id AND s.state = 'queued'))
          ORDER BY r.next_check_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING user_id AS "userId", mitigation`

    return {
      limits,
      setLimits,
      book,
      positions,
      queue,
      replaceQueued,
      expireQueued,
      dropQueued,
      queued,
      leaseDue
    } as const
  })
}) {}
