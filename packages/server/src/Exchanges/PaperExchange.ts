import { SqlClient } from "@effect/sql"
import type { ConnectionId } from "@trading-app/domain"
import { Effect } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import type { ExchangeAccount, OrderReport, OrderRequest } from "./ExchangePort.js"
import { matchPaperOrder } from "./PaperMatch.js"

/** Trades matched against one order in one go; more wait for the next fetch. */
const TRADES_PER_MATCH = 1000

interface PaperRow {
  readonly side: "buy" | "sell"
  readonly type: "market" | "limit"
  readonly price: string | null
  readonly quantity: string
  readonly status: "open" | "partially_filled" | "filled" | "cancelled"
  readonly filledQuantity: string
  readonly filledCost: string
  readonly fee: string
  readonly matchedUntil: Date
}

const report = (clientOrderId: string, row: PaperRow): OrderReport => ({
  exchangeOrderId: `paper-${clientOrderId}`,
  status: row.status,
  filledQuantity: row.filledQuantity,
  filledCost: row.filledCost,
  fee: row.fee,
  message: ""
})

/**
 * The paper exchange of one paper connection: its orders are rows of app_data.paper_orders,
 * filled against the market feed's trades after they were placed (see PaperMatch.ts) whenever
 * they are fetched. Placing is idempotent by the client order id, like a real exchange's.
 */
export const paperAccount = (connectionId: ConnectionId) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const market = yield* MarketDataRepo
    const columns = sql.literal(`side, type, price::text AS price, quantity::text AS quantity,
      status, filled_quantity::text AS "filledQuantity", filled_cost::text AS "filledCost",
      fee::text AS fee, matched_until AS "matchedUntil"`)

    /** Matches the order against the trades since it was last matched, in one transaction. */
    const matched = (order: OrderRequest) =>
      Effect.gen(function* () {
        const [row] = yield* sql<PaperRow>`
          SELECT ${columns} FROM app_data.paper_orders
          WHERE connection_id = ${connectionId} AND client_order_id = ${order.clientOrderId}
          FOR UPDATE`
        if (row === undefined) return undefined
        if (row.status === "filled" || row.status === "cancelled") return row
        const trades = yield* market.tradesAfter(order.symbol, row.matchedUntil, TRADES_PER_MATCH)
        const last = trades.at(-1)
        if (last === undefined) return row
        const fill = matchPaperOrder(row, trades)
        yield* sql`UPDATE app_data.paper_orders SET status = ${fill.status},
            filled_quantity = ${fill.filledQuantity}, filled_cost = ${fill.filledCost},
            fee = ${fill.fee}, matched_until = ${new Date(last.time)}
          WHERE connection_id = ${connectionId} AND client_order_id = ${order.clientOrderId}`
        return { ...row, ...fill, matchedUntil: new Date(last.time) }
      }).pipe(sql.withTransaction, Effect.orDie)

    const fetch = (order: OrderRequest) =>
      Effect.map(matched(order), (row) =>
        row === undefined
          ? ({
              exchangeOrderId: `paper-${order.clientOrderId}`,
              status: "rejected",
              filledQuantity: "0",
              filledCost: "0",
              fee: "0",
              message: "The paper exchange has no such order"
            } satisfies OrderReport)
          : report(order.clientOrderId, row)
      ).pipe(Effect.withSpan("PaperExchange.fetch"))

    const place = (order: OrderRequest) =>
      sql`INSERT INTO app_data.paper_orders
            (connection_id, client_order_id, symbol, side, type, price, quantity)
          VALUES (${connectionId}, ${order.clientOrderId}, ${order.symbol}, ${order.side},
            ${order.type}, ${order.type === "limit" ? order.price : null}, ${order.quantity})
          ON CONFLICT (connection_id, client_order_id) DO NOTHING`.pipe(
        Effect.orDie,
        Effect.zipRight(fetch(order)),
        Effect.withSpan("PaperExchange.place")
      )

    /** Cancels what has not filled (the trades before it are matched first). */
    const cancel = (order: OrderRequest) =>
      Effect.gen(function* () {
        yield* matched(order)
        yield* sql`UPDATE app_data.paper_orders SET status = 'cancelled'
          WHERE connection_id = ${connectionId} AND client_order_id = ${order.clientOrderId}
            AND status IN ('open', 'partially_filled')`.pipe(Effect.orDie)
        return yield* fetch(order)
      }).pipe(Effect.withSpan("PaperExchange.cancel"))

    return { place, fetch, cancel } satisfies ExchangeAccount
  })
