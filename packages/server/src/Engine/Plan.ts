import { type BotSettings, decimalString, toBigDecimal } from "@trading-app/domain"
import { BigDecimal, Either } from "effect"
import { gridPreview } from "../Execution/Grid.js"

/** An order the engine means to place. */
export interface PlannedOrder {
  readonly role: "base" | "safety" | "take_profit" | "stop_loss" | "exit"
  readonly leg: number
  readonly side: "buy" | "sell"
  readonly type: "market" | "limit"
  /** The limit; for a market order, the price expected. */
  readonly price: string
  readonly quantity: string
}

const SCALE = 10
const floor = (x: BigDecimal.BigDecimal) => BigDecimal.round(x, { scale: SCALE, mode: "floor" })

/**
 * The orders of a new group from the price it enters at: the base order at market and each
 * safety order as a limit at its grid level (see Execution/Grid.ts for the arithmetic).
 */
export const entryOrders = (settings: BotSettings, price: string) =>
  Either.map(gridPreview(price, settings.grid), (preview) =>
    preview.levels.map(
      (level): PlannedOrder => ({
        role: level.order === 0 ? "base" : "safety",
        leg: level.order,
        side: "buy",
        type: level.order === 0 ? "market" : "limit",
        price: level.price,
        quantity: level.quantity
      })
    )
  )

/** A further entry into an open group (a pyramid): another base order at market, as leg `leg`. */
export const addOrder = (settings: BotSettings, price: string, leg: number): PlannedOrder => ({
  role: "base",
  leg,
  side: "buy",
  type: "market",
  price,
  quantity: decimalString(
    floor(BigDecimal.unsafeDivide(toBigDecimal(settings.grid.baseOrder), toBigDecimal(price)))
  )
})

/** The capital orders use: each one's quantity at its price (a market order's expected one). */
export const capitalOf = (orders: ReadonlyArray<PlannedOrder>) =>
  orders.reduce(
    (sum, o) =>
      BigDecimal.sum(sum, BigDecimal.multiply(toBigDecimal(o.quantity), toBigDecimal(o.price))),
    BigDecimal.fromBigInt(0n)
  )
