import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import {
  type BotId,
  BotSettings,
  type ConnectionId,
  type ExchangeMode,
  type ExecutionSignalId,
  type GroupId,
  GroupOrder,
  type GroupState,
  type OrderId,
  type PortfolioId,
  type SignalKind,
  type UserId
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import type { OrderReport } from "../Exchanges/ExchangePort.js"
import type { PlannedOrder } from "./Plan.js"

const decodeOrders = rowsDecoder(Schema.typeSchema(GroupOrder))
const decodeStepOrders = rowsDecoder(
  Schema.typeSchema(
    Schema.Struct({
      ...GroupOrder.fields,
      cancelRequested: Schema.Boolean,
      filledCost: Schema.String,
      recordedQuantity: Schema.String,
      recordedCost: Schema.String,
      recordedFee: Schema.String
    })
  )
)
const decodeSettings = Schema.decodeUnknownSync(BotSettings)

/** How long one process may hold a group it advances; one that dies leaves it after this. */
export const GROUP_LEASE_SECONDS = 60

/** A received signal, as the engine acts on it. */
export interface ReceivedSignal {
  readonly id: ExecutionSignalId
  readonly userId: UserId
  readonly botId: BotId | null
  readonly symbol: string
  readonly action: "buy" | "sell"
  readonly price: string | null
  readonly marketPosition: "long" | "short" | "flat" | null
  readonly prevMarketPosition: "long" | "short" | "flat" | null
}

export interface NewSignal {
  readonly source: "tradingview" | "strategy"
  readonly botId: BotId | null
  readonly symbol: string
  readonly action: "buy" | "sell"
  readonly contracts: number | null
  readonly price: number | null
  readonly marketPosition: string | null
  readonly prevMarketPosition: string | null
  readonly dedupeKey: string
  readonly sentAt: Date | null
}

/** A bot as a signal finds it. */
export interface SignalBot {
  readonly id: BotId
  readonly connectionId: ConnectionId
  readonly mode: ExchangeMode
  readonly portfolioId: PortfolioId
  readonly symbol: string
  readonly exchangeSymbol: string | null
  readonly settings: BotSettings
  readonly enabled: boolean
}

/** A group as its step reads it. */
export interface GroupRow {
  readonly id: GroupId
  readonly userId: UserId
  readonly connectionId: ConnectionId
  readonly mode: ExchangeMode
  readonly portfolioId: PortfolioId
  readonly symbol: string
  readonly exchangeSymbol: string | null
  readonly settings: BotSettings
  readonly state: GroupState
  readonly entries: number
  readonly closeReason: string | null
}

/** An order with what the group step needs beyond its API shape. */
export type StepOrder = GroupOrder & {
  readonly cancelRequested: boolean
  readonly filledCost: string
  readonly recordedQuantity: string
  readonly recordedCost: string
  readonly recordedFee: string
}

const dec = (column: string, alias: string) => `trim_scale(${column})::text AS "${alias}"`

/** The engine's SQL: received signals, groups and their orders. */
export class EngineRepo extends Effect.Service<EngineRepo>()("EngineRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    /** Stores a signal once per dedupe key; a repeat answers the first one's id. */
    const insertSignal = (userId: UserId, s: NewSignal) =>
      Effect.gen(function* () {
        const inserted = yield* sql<{ id: ExecutionSignalId }>`
          INSERT INTO app_data.execution_signals (user_id, source, bot_id, symbol, action,
            contracts, price, market_position, prev_market_position, dedupe_key, sent_at)
          VALUES (${userId}, ${s.source}, ${s.botId}, ${s.symbol}, ${s.action}, ${s.contracts},
            ${s.price}, ${s.marketPosition}, ${s.prevMarketPosition}, ${s.dedupeKey}, ${s.sentAt})
          ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`
        if (inserted[0] !== undefined) return { id: inserted[0].id, duplicate: false }
        const [first] = yield* sql<{ id: ExecutionSignalId }>`
          SELECT id FROM app_data.execution_signals
          WHERE user_id = ${userId} AND dedupe_key = ${s.dedupeKey}`
        return { id: (first as { id: ExecutionSignalId }).id, duplicate: true }
      }).pipe(Effect.orDie, Effect.withSpan("EngineRepo.insertSignal"))

    /**
     * The signal, locked for acting on it, unless it was acted on or is being acted on; a
     * queued entry too, when it is promoted.
     */
    const claimSignal = (id: ExecutionSignalId) =>
      sql<ReceivedSignal>`
        SELECT id, user_id AS "userId", bot_id AS "botId", symbol, action,
          price::text AS price, market_position AS "marketPosition",
          prev_market_position AS "prevMarketPosition"
        FROM app_data.execution_signals WHERE id = ${id} AND state IN ('received', 'queued')
        FOR UPDATE SKIP LOCKED`.pipe(Effect.map((rows) => rows[0]))

    /** Signals received a while ago and not acted on (their process died, or was busy). */
    const staleSignals = (olderThanSeconds: number, limit: number) =>
      sql<{ id: ExecutionSignalId; userId: UserId }>`
        SELECT id, user_id AS "userId" FROM app_data.execution_signals
        WHERE state = 'received' AND received_at < now() - make_interval(secs => ${olderThanSeconds})
        ORDER BY received_at LIMIT ${limit}`

    const markSignal = (
      id: ExecutionSignalId,
      outcome: {
        readonly state: "done" | "invalid"
        readonly kind: SignalKind | null
        readonly reason: string
        readonly groupId: GroupId | null
      }
    ) =>
      sql`UPDATE app_data.execution_signals SET state = ${outcome.state}, kind = ${outcome.kind},
            reason = ${outcome.reason.slice(0, 500)}, group_id = ${outcome.groupId},
            processed_at = now()
          WHERE id = ${id}`.pipe(Effect.asVoid)

    const botOf = (userId: UserId, botId: BotId) =>
      sql<Omit<SignalBot, "settings"> & { settings: unknown }>`
        SELECT b.id, b.connection_id AS "connectionId", c.mode, b.portfolio_id AS "portfolioId",
          b.symbol, b.exchange_symbol AS "exchangeSymbol", b.settings, b.enabled
        FROM app_data.bots b JOIN app_data.exchange_connections c ON c.id = b.connection_id
        WHERE b.id = ${botId} AND b.user_id = ${userId}`.pipe(
        Effect.map((rows) =>
          rows[0] === undefined
            ? undefined
            : ({ ...rows[0], settings: decodeSettings(rows[0].settings) } as SignalBot)
        )
      )

    /** The bot's open group, locked. */
    const openGroupOf = (botId: BotId) =>
      sql<{ id: GroupId; entries: number; settings: unknown }>`
        SELECT id, entries, settings FROM app_data.position_groups
        WHERE bot_id = ${botId} AND state NOT IN ('closed', 'failed') FOR UPDATE`.pipe(
        Effect.map((rows) =>
          rows[0] === undefined
            ? undefined
            : { ...rows[0], settings: decodeSettings(rows[0].settings) }
        )
      )

    const insertOrders = (
      groupId: GroupId,
      userId: UserId,
      orders: ReadonlyArray<PlannedOrder & { readonly id: OrderId; readonly clientOrderId: string }>
    ) =>
      orders.length === 0
        ? Effect.void
        : sql`INSERT INTO app_data.group_orders ${sql.insert(
            orders.map((o) => ({
              id: o.id,
              group_id: groupId,
              user_id: userId,
              client_order_id: o.clientOrderId,
              role: o.role,
              leg: o.leg,
              side: o.side,
              type: o.type,
              price: o.price,
              quantity: o.quantity
            }))
          )}`.pipe(Effect.asVoid)

    const openGroup = (userId: UserId, bot: SignalBot) =>
      sql<{ id: GroupId }>`
        INSERT INTO app_data.position_groups (user_id, bot_id, connection_id, portfolio_id,
          symbol, exchange_symbol, settings)
        VALUES (${userId}, ${bot.id}, ${bot.connectionId}, ${bot.portfolioId}, ${bot.symbol},
          ${bot.exchangeSymbol}, ${JSON.stringify(Schema.encodeSync(BotSettings)(bot.settings))}::jsonb)
        RETURNING id`.pipe(Effect.map((rows) => (rows[0] as { id: GroupId }).id))

    const addEntry = (groupId: GroupId) =>
      sql`UPDATE app_data.position_groups SET entries = entries + 1, updated_at = now()
          WHERE id = ${groupId}`.pipe(Effect.asVoid)

    /** Asks a group to close: its orders are cancelled, then what it holds sold at market. */
    const closeGroup = (groupId: GroupId, reason: string) =>
      sql`UPDATE app_data.position_groups SET state = 'closing',
            close_reason = coalesce(close_reason, ${reason.slice(0, 300)}), updated_at = now()
          WHERE id = ${groupId} AND state NOT IN ('closing', 'closed', 'failed')`.pipe(
        Effect.asVoid
      )

    /** Takes the group for this process unless another holds it. */
    const leaseGroup = (id: GroupId) =>
      sql<{ id: GroupId }>`
        UPDATE app_data.position_groups
        SET busy_until = now() + make_interval(secs => ${GROUP_LEASE_SECONDS})
        WHERE id = ${id} AND (busy_until IS NULL OR busy_until < now())
        RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      )

    /**
     * Takes up to `limit` open groups no process holds and none advanced in the last
     * `restSeconds`, least recently advanced first (`paperOnly`: on paper connections only).
     */
    const leaseOpenGroups = (limit: number, restSeconds: number, paperOnly: boolean) =>
      sql<{ id: GroupId }>`
        UPDATE app_data.position_groups
        SET busy_until = now() + make_interval(secs => ${GROUP_LEASE_SECONDS})
        WHERE id IN (
          SELECT id FROM app_data.position_groups g
          WHERE state NOT IN ('closed', 'failed') AND (busy_until IS NULL OR busy_until < now())
            AND updated_at < now() - make_interval(secs => ${restSeconds})
            AND (NOT ${paperOnly} OR EXISTS (SELECT 1 FROM app_data.exchange_connections c
                 WHERE c.id = g.connection_id AND c.mode = 'paper'))
          ORDER BY updated_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id`.pipe(Effect.map((rows) => rows.map((r) => r.id)))

    const releaseGroup = (id: GroupId) =>
      sql`UPDATE app_data.position_groups SET busy_until = NULL, updated_at = now()
          WHERE id = ${id}`.pipe(Effect.asVoid, Effect.orDie)

    const group = (id: GroupId) =>
      sql<Omit<GroupRow, "settings"> & { settings: unknown }>`
        SELECT g.id, g.user_id AS "userId", g.connection_id AS "connectionId", c.mode,
          g.portfolio_id AS "portfolioId", g.symbol, g.exchange_symbol AS "exchangeSymbol",
          g.settings, g.state, g.entries, g.close_reason AS "closeReason"
        FROM app_data.position_groups g
        JOIN app_data.exchange_connections c ON c.id = g.connection_id
        WHERE g.id = ${id}`.pipe(
        Effect.map((rows) =>
          rows[0] === undefined
            ? undefined
            : ({ ...rows[0], settings: decodeSettings(rows[0].settings) } as GroupRow)
        ),
        Effect.orDie
      )

    const orderColumns = sql.literal(`id, client_order_id AS "clientOrderId",
      exchange_order_id AS "exchangeOrderId", role, leg, side, type,
      trim_scale(price)::text AS price, ${dec("quantity", "quantity")}, status,
      ${dec("filled_quantity", "filledQuantity")},
      CASE WHEN filled_quantity > 0
        THEN trim_scale(round(filled_cost / filled_quantity, 10))::text END AS "averageFillPrice",
      ${dec("fee", "fee")}, message, ${isoTimestamp("created_at", "createdAt")},
      ${isoTimestamp("updated_at", "updatedAt")}`)

    /** A group's orders in the API's shape, oldest first. */
    const ordersOf = (where: Fragment) =>
      sql`SELECT ${orderColumns} FROM app_data.group_orders WHERE ${where}
          ORDER BY created_at, leg, id`.pipe(Effect.flatMap(decodeOrders), Effect.orDie)

    /** A group's orders with their bookkeeping, for its step. */
    const stepOrders = (groupId: GroupId) =>
      sql`SELECT ${orderColumns}, cancel_requested AS "cancelRequested",
            filled_cost::text AS "filledCost", recorded_quantity::text AS "recordedQuantity",
            recorded_cost::text AS "recordedCost", recorded_fee::text AS "recordedFee"
          FROM app_data.group_orders WHERE group_id = ${groupId}
          ORDER BY created_at, leg, id`.pipe(Effect.flatMap(decodeStepOrders), Effect.orDie)

    /** What the exchange said of an order. */
    const applyReport = (id: OrderId, r: OrderReport) =>
      sql`UPDATE app_data.group_orders SET exchange_order_id = ${r.exchangeOrderId},
            status = ${r.status}, filled_quantity = ${r.filledQuantity},
            filled_cost = ${r.filledCost}, fee = ${r.fee}, message = ${r.message.slice(0, 500)},
            updated_at = now()
          WHERE id = ${id}`.pipe(Effect.asVoid, Effect.orDie)

    const setRecorded = (id: OrderId, quantity: string, cost: string, fee: string) =>
      sql`UPDATE app_data.group_orders SET recorded_quantity = ${quantity},
            recorded_cost = ${cost}, recorded_fee = ${fee}
          WHERE id = ${id}`.pipe(Effect.asVoid, Effect.orDie)

    const requestCancel = (ids: ReadonlyArray<OrderId>) =>
      ids.length === 0
        ? Effect.void
        : sql`UPDATE app_data.group_orders SET cancel_requested = true, updated_at = now()
              WHERE id = ANY(${ids}::uuid[])`.pipe(Effect.asVoid, Effect.orDie)

    /** The group's state and its totals, from its orders' fills. */
    const settle = (id: GroupId, state: GroupState, reason: string | null) =>
      // A group asked to close (by a signal, while this step ran) stays closing until it is.
      sql`UPDATE app_data.position_groups g SET state = CASE
              WHEN g.state = 'closing' AND ${state} NOT IN ('closed', 'failed') THEN 'closing'
              ELSE ${state} END,
            close_reason = coalesce(g.close_reason, ${reason}),
            closed_at = CASE WHEN ${state} IN ('closed', 'failed') THEN now() END,
            bought_quantity = t.bought_quantity, bought_cost = t.bought_cost,
            sold_quantity = t.sold_quantity, sold_proceeds = t.sold_proceeds, fees = t.fees,
            updated_at = now()
          FROM (SELECT
              coalesce(sum(filled_quantity) FILTER (WHERE side = 'buy'), 0) AS bought_quantity,
              coalesce(sum(filled_cost) FILTER (WHERE side = 'buy'), 0) AS bought_cost,
              coalesce(sum(filled_quantity) FILTER (WHERE side = 'sell'), 0) AS sold_quantity,
              coalesce(sum(filled_cost) FILTER (WHERE side = 'sell'), 0) AS sold_proceeds,
              coalesce(sum(fee), 0) AS fees
            FROM app_data.group_orders WHERE group_id = ${id}) AS t
          WHERE g.id = ${id}`.pipe(Effect.asVoid, Effect.orDie)

    /** Why new entries are refused for the user: their kill switch or the global one; none if not. */
    const haltOf = (userId: UserId) =>
      sql<{ scope: string; reason: string }>`
        SELECT scope, reason FROM app_data.kill_switches
        WHERE scope = 'global' OR scope = ${`user:${userId}`} ORDER BY scope = 'global' DESC`.pipe(
        Effect.map(([row]) =>
          row === undefined
            ? undefined
            : `Trading is halted by ${row.scope === "global" ? "the global kill switch" : "your kill switch"}${row.reason ? `: ${row.reason}` : ""}`
        )
      )

    /**
     * Under a kill switch (one user's, or every user's): the working entry orders of the open
     * groups are cancelled, and with `close` the groups are closed too. Answers the groups.
     */
    const halt = (userId: UserId | null, close: string | null) =>
      Effect.gen(function* () {
        const groups = yield* sql<{ id: GroupId }>`
          SELECT id FROM app_data.position_groups
          WHERE state NOT IN ('closed', 'failed')
            AND ${userId === null ? sql`true` : sql`user_id = ${userId}`}`
        const ids = groups.map((g) => g.id)
        yield* sql`UPDATE app_data.group_orders SET cancel_requested = true, updated_at = now()
          WHERE group_id = ANY(${ids}::uuid[]) AND role IN ('base', 'safety')
            AND status IN ('new', 'open', 'partially_filled')`
        if (close !== null)
          yield* Effect.forEach(ids, (id) => closeGroup(id, close), { discard: true })
        return ids
      }).pipe(Effect.orDie)

    return {
      haltOf,
      halt,
      insertSignal,
      claimSignal,
      staleSignals,
      markSignal,
      botOf,
      openGroupOf,
      insertOrders,
      openGroup,
      addEntry,
      closeGroup,
      leaseGroup,
      leaseOpenGroups,
      releaseGroup,
      group,
      ordersOf,
      stepOrders,
      applyReport,
      setRecorded,
      requestCancel,
      settle
    } as const
  })
}) {}
