import { decimalString, toBigDecimal } from "@trading-app/domain"
import { BigDecimal } from "effect"

/** The paper exchange's fees and slippage, in percent (Binance spot's standard fees). */
export const PAPER_MAKER_FEE_PERCENT = "0.1"
export const PAPER_TAKER_FEE_PERCENT = "0.1"
export const PAPER_SLIPPAGE_PERCENT = "0.05"

const SCALE = 10
const ZERO = BigDecimal.fromBigInt(0n)
const HUNDRED = BigDecimal.fromBigInt(100n)
const round = (x: BigDecimal.BigDecimal) => BigDecimal.round(x, { scale: SCALE, mode: "half-even" })
const rate = (percent: string) => BigDecimal.unsafeDivide(toBigDecimal(percent), HUNDRED)

export interface PaperOrder {
  readonly side: "buy" | "sell"
  readonly type: "market" | "limit"
  readonly price: string | null
  readonly quantity: string
  readonly filledQuantity: string
  readonly filledCost: string
  readonly fee: string
}

/** A trade of the market feed, after the order was placed (or last matched), oldest first. */
export interface FeedTrade {
  readonly price: string
  readonly quantity: string
}

export interface PaperFill {
  readonly filledQuantity: string
  readonly filledCost: string
  readonly fee: string
  readonly status: "open" | "partially_filled" | "filled"
}

/**
 * Fills a paper order against the feed's trades, each trade filling at most its own quantity: a
 * market order at each trade's price moved against it by the slippage, paying the taker fee; a
 * limit order at its limit when a trade reaches it (a buy at or below, a sell at or above),
 * paying the maker fee. Exact decimals; cost and fee half-even to 10 places.
 */
export const matchPaperOrder = (order: PaperOrder, trades: ReadonlyArray<FeedTrade>): PaperFill => {
  const quantity = toBigDecimal(order.quantity)
  let filled = toBigDecimal(order.filledQuantity)
  let cost = toBigDecimal(order.filledCost)
  let fee = toBigDecimal(order.fee)
  const buy = order.side === "buy"
  const feeRate = rate(order.type === "market" ? PAPER_TAKER_FEE_PERCENT : PAPER_MAKER_FEE_PERCENT)
  const slip = BigDecimal.sum(
    BigDecimal.fromBigInt(1n),
    BigDecimal.multiply(rate(PAPER_SLIPPAGE_PERCENT), BigDecimal.fromBigInt(buy ? 1n : -1n))
  )
  for (const trade of trades) {
    const left = BigDecimal.subtract(quantity, filled)
    if (!BigDecimal.isPositive(left)) break
    const price = toBigDecimal(trade.price)
    let at: BigDecimal.BigDecimal
    if (order.type === "market") at = round(BigDecimal.multiply(price, slip))
    else {
      const limit = toBigDecimal(order.price ?? "0")
      const reached = buy
        ? BigDecimal.lessThanOrEqualTo(price, limit)
        : BigDecimal.greaterThanOrEqualTo(price, limit)
      if (!reached) continue
      at = limit
    }
    const take = BigDecimal.min(left, toBigDecimal(trade.quantity))
    if (!BigDecimal.isPositive(take)) continue
    const value = round(BigDecimal.multiply(take, at))
    filled = BigDecimal.sum(filled, take)
    cost = BigDecimal.sum(cost, value)
    fee = BigDecimal.sum(fee, round(BigDecimal.multiply(value, feeRate)))
  }
  return {
    filledQuantity: decimalString(filled),
    filledCost: decimalString(cost),
    fee: decimalString(fee),
    status: BigDecimal.greaterThanOrEqualTo(filled, quantity)
      ? "filled"
      : BigDecimal.equals(filled, ZERO)
        ? "open"
        : "partially_filled"
  }
}
