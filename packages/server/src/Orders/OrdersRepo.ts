import { SqlClient } from "@effect/sql"
import {
  type ConnectionId,
  MAX_WORKING_MANUAL_ORDERS,
  ManualOrder,
  type ManualOrderId,
  NotFound,
  type PlaceManualOrder,
  type PortfolioId,
  Unprocessable,
  type UserId
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import type { Cursor } from "../Database/KeysetCursor.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import type { OrderReport } from "../Exchanges/ExchangePort.js"
import type { FillState } from "../Exchanges/Fills.js"
import { ownedConnectionMode } from "../Exchanges/Ownership.js"

const decode = rowsDecoder(Schema.typeSchema(ManualOrder))

export const orderNotFound = new NotFound({ message: "Order not found" })

/** How long one process may hold an order it places, reads or cancels. */
const LEASE_SECONDS = 30

/** A manual order as its step works on it. */
export interface WorkingOrder extends FillState {
  readonly id: ManualOrderId
  readonly userId: UserId
  readonly connectionId: ConnectionId
  readonly portfolioId: PortfolioId
  readonly symbol: string
  readonly type: "market" | "limit"
  readonly price: string | null
  readonly quantity: string
  readonly status: OrderReport["status"] | "new"
  readonly clientOrderId: string
  readonly cancelRequested: boolean
}

const dec = (column: string, alias: string) => `trim_scale(${column})::text AS "${alias}"`

/** Manual orders, always by owner; leased one at a time for the exchange's calls. */
export class OrdersRepo extends Effect.Service<OrdersRepo>()("OrdersRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`o.id, o.connection_id AS "connectionId",
      c.name AS "connectionName", o.portfolio_id AS "portfolioId", o.symbol, o.side, o.type,
      trim_scale(o.price)::text AS price, ${dec("o.quantity", "quantity")}, o.status,
      ${dec("o.filled_quantity", "filledQuantity")},
      CASE WHEN o.filled_quantity > 0
        THEN trim_scale(round(o.filled_cost / o.filled_quantity, 10))::text END AS "averageFillPrice",
      ${dec("o.fee", "fee")}, o.message, ${isoTimestamp("o.created_at", "createdAt")},
      ${isoTimestamp("o.updated_at", "updatedAt")}`)
    const from = sql.literal(
      "app_data.manual_orders o JOIN app_data.exchange_connections c ON c.id = o.connection_id"
    )

    const find = (userId: UserId, id: ManualOrderId) =>
      sql`SELECT ${columns} FROM ${from} WHERE o.id = ${id} AND o.user_id = ${userId}`.pipe(
        Effect.flatMap(decode),
        Effect.orDie,
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.fail(orderNotFound) : Effect.succeed(rows[0])
        )
      )

    const page = (userId: UserId, limit: number, after: Cursor | undefined) =>
      sql`SELECT ${columns} FROM ${from} WHERE o.user_id = ${userId}
            AND ${after === undefined ? sql`true` : sql`(o.created_at, o.id) < (${after.at}::timestamptz, ${after.id}::uuid)`}
          ORDER BY o.created_at DESC, o.id DESC LIMIT ${limit + 1}`.pipe(
        Effect.flatMap(decode),
        Effect.orDie,
        Effect.withSpan("OrdersRepo.page")
      )

    /**
     * Stores a new order under the account's lock (the limit of working orders holds across
     * replicas), after checking the connection (a paper one of the user's) and the portfolio.
     */
    const create = (userId: UserId, input: PlaceManualOrder, clientOrderId: string) =>
      Effect.gen(function* () {
        const mode = yield* ownedConnectionMode(sql, userId, input.connectionId, input.portfolioId)
        if (mode !== "paper")
          return yield* Unprocessable.field(
            ["connectionId"],
            "Orders by hand are placed on paper connections only"
          )
        const [{ n }] = (yield* sql<{ n: number }>`
          SELECT count(*)::int AS n FROM app_data.manual_orders WHERE user_id = ${userId}
            AND status IN ('new', 'open', 'partially_filled')`) as [{ n: number }]
        if (n >= MAX_WORKING_MANUAL_ORDERS)
          return yield* Unprocessable.field(
            ["quantity"],
            `You have ${MAX_WORKING_MANUAL_ORDERS} orders working, the most an account may; cancel one first`
          )
        const [row] = yield* sql<{ id: ManualOrderId }>`
          INSERT INTO app_data.manual_orders (user_id, connection_id, portfolio_id, symbol,
            client_order_id, side, type, price, quantity)
          VALUES (${userId}, ${input.connectionId}, ${input.portfolioId}, ${input.symbol},
            ${clientOrderId}, ${input.side}, ${input.type}, ${input.price}, ${input.quantity})
          RETURNING id`
        return (row as { id: ManualOrderId }).id
      }).pipe(
        withKeyLocks(sql, [`manual-orders:${userId}`]),
        Effect.catchTag("SqlError", Effect.die)
      )

    /** The order for its step, taken for this process unless another holds it. */
    const lease = (id: ManualOrderId) =>
      sql<WorkingOrder>`
        WITH taken AS (
          UPDATE app_data.manual_orders
          SET busy_until = now() + make_interval(secs => ${LEASE_SECONDS})
          WHERE id = ${id} AND (busy_until IS NULL OR busy_until < now())
            AND status IN ('new', 'open', 'partially_filled')
          RETURNING *)
        SELECT o.id, o.user_id AS "userId", o.connection_id AS "connectionId",
          o.portfolio_id AS "portfolioId", o.symbol, o.side, o.type,
          o.client_order_id AS "clientOrderId", o.cancel_requested AS "cancelRequested",
          trim_scale(o.price)::text AS price, ${sql.literal(dec("o.quantity", "quantity"))},
          o.status, ${sql.literal(dec("o.filled_quantity", "filledQuantity"))},
          o.filled_cost::text AS "filledCost", o.fee::text AS fee,
          o.recorded_quantity::text AS "recordedQuantity",
          o.recorded_cost::text AS "recordedCost", o.recorded_fee::text AS "recordedFee"
        FROM taken o`.pipe(
        Effect.map((rows) => rows[0]),
        Effect.orDie
      )

    const release = (id: ManualOrderId) =>
      sql`UPDATE app_data.manual_orders SET busy_until = NULL WHERE id = ${id}`.pipe(
        Effect.asVoid,
        Effect.orDie
      )

    /** Working orders no process holds, least recently read first, not read in `restSeconds`. */
    const due = (limit: number, restSeconds: number) =>
      sql<{ id: ManualOrderId }>`
        SELECT id FROM app_data.manual_orders
        WHERE status IN ('new', 'open', 'partially_filled')
          AND (busy_until IS NULL OR busy_until < now())
          AND updated_at < now() - make_interval(secs => ${restSeconds})
        ORDER BY updated_at LIMIT ${limit}`.pipe(
        Effect.map((rows) => rows.map((r) => r.id)),
        Effect.orDie
      )

    const applyReport = (id: ManualOrderId, r: OrderReport) =>
      sql`UPDATE app_data.manual_orders SET status = ${r.status},
            filled_quantity = ${r.filledQuantity}, filled_cost = ${r.filledCost}, fee = ${r.fee},
            message = ${r.message.slice(0, 500)}, updated_at = now()
          WHERE id = ${id}`.pipe(Effect.asVoid, Effect.orDie)

    const setRecorded = (o: FillState) =>
      sql`UPDATE app_data.manual_orders SET recorded_quantity = ${o.filledQuantity},
            recorded_cost = ${o.filledCost}, recorded_fee = ${o.fee}
          WHERE id = ${o.id}`.pipe(Effect.asVoid, Effect.orDie)

    /** Asks a working order of the user's to be cancelled; false when it is not working. */
    const requestCancel = (userId: UserId, id: ManualOrderId) =>
      sql`UPDATE app_data.manual_orders SET cancel_requested = true, updated_at = now()
          WHERE id = ${id} AND user_id = ${userId}
            AND status IN ('new', 'open', 'partially_filled') RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      )

    return {
      find,
      page,
      create,
      lease,
      release,
      due,
      applyReport,
      setRecorded,
      requestCancel
    } as const
  })
}) {}
