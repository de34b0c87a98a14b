import { BigDecimal, Schema } from "effect"
import { CashAmount, PositiveDecimal, Price, Quantity } from "./Decimal.js"
import { strictStruct } from "./Strict.js"

/** Safety orders one grid may have. */
export const MAX_SAFETY_ORDERS = 50

/** A positive decimal setting no greater than `max`, named in its message. */
const atMost = (name: string, max: string) =>
  PositiveDecimal.pipe(
    Schema.filter(
      (s) =>
        BigDecimal.lessThanOrEqualTo(
          BigDecimal.unsafeFromString(s),
          BigDecimal.unsafeFromString(max)
        ) || `${name} must be greater than 0 and at most ${max}`
    )
  )

/**
 * A DCA grid: a base order at the entry, then up to `maxSafetyOrders` safety orders, each
 * further from the entry (the n-th at the cumulative deviation d·(sⁿ−1)/(s−1) of the step scale
 * s, d·n when s is 1) and each larger (SO₁·vⁿ⁻¹ of the volume scale v), and a take-profit on
 * the average entry.
 */
export const GridSettings = strictStruct("GridSettings", {
  direction: Schema.Literal("long", "short").annotations({
    description: "long buys as the price falls; short sells as it rises"
  }),
  baseOrder: CashAmount.annotations({ description: "The first order's amount, in quote currency" }),
  safetyOrder: CashAmount.annotations({ description: "The first safety order's amount (SO₁)" }),
  maxSafetyOrders: Schema.Int.pipe(
    Schema.between(0, MAX_SAFETY_ORDERS, {
      message: () => `maxSafetyOrders must be a whole number from 0 to ${MAX_SAFETY_ORDERS}`
    })
  ),
  deviationPercent: atMost("deviationPercent", "50").annotations({
    description: "The first safety order's distance from the entry, in percent (d)"
  }),
  stepScale: atMost("stepScale", "10").annotations({
    description: "Each step's distance over the one before (s); 1 spaces them evenly"
  }),
  volumeScale: atMost("volumeScale", "10").annotations({
    description: "Each safety order's amount over the one before (v)"
  }),
  takeProfitPercent: atMost("takeProfitPercent", "1000").annotations({
    description: "The take-profit's distance from the average entry, in percent"
  })
})
export type GridSettings = typeof GridSettings.Type

export const GridPreviewRequest = strictStruct("GridPreviewRequest", {
  price: PositiveDecimal.annotations({ description: "The entry price the grid starts from" }),
  settings: GridSettings
})
export type GridPreviewRequest = typeof GridPreviewRequest.Type

/** One order of the grid, with where the whole position stands once it has filled. */
export const GridLevel = Schema.Struct({
  order: Schema.Int.annotations({ description: "0: the base order; n: the n-th safety order" }),
  deviationPercent: Price.annotations({ description: "Its distance from the entry, in percent" }),
  price: Price,
  amount: CashAmount.annotations({ description: "Its amount, in quote currency" }),
  quantity: Quantity.annotations({ description: "amount / price, rounded down" }),
  totalAmount: CashAmount.annotations({ description: "All orders so far" }),
  totalQuantity: Quantity,
  averagePrice: Price.annotations({ description: "totalAmount / totalQuantity" }),
  takeProfitPrice: Price.annotations({
    description: "Where the take-profit sits once this order has filled"
  })
}).annotations({ identifier: "GridLevel" })
export type GridLevel = typeof GridLevel.Type

export const GridPreview = Schema.Struct({
  levels: Schema.Array(GridLevel),
  capital: CashAmount.annotations({
    description: "What the grid can use: the base order and every safety order"
  }),
  maxDeviationPercent: Price.annotations({ description: "The last safety order's distance" })
}).annotations({ identifier: "GridPreview" })
export type GridPreview = typeof GridPreview.Type
