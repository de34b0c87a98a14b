import { type BotSettings, decimalString, toBigDecimal } from "@trading-app/domain"
import { BigDecimal } from "effect"

const SCALE = 10
const ZERO = BigDecimal.fromBigInt(0n)
const HUNDRED = BigDecimal.fromBigInt(100n)
const round = (x: BigDecimal.BigDecimal) => BigDecimal.round(x, { scale: SCALE, mode: "half-even" })
const floor = (x: BigDecimal.BigDecimal) => BigDecimal.round(x, { scale: SCALE, mode: "floor" })
const above = (price: BigDecimal.BigDecimal, percent: string) =>
  round(
    BigDecimal.multiply(
      price,
      BigDecimal.sum(
        BigDecimal.fromBigInt(1n),
        BigDecimal.unsafeDivide(toBigDecimal(percent), HUNDRED)
      )
    )
  )
const sum = (xs: ReadonlyArray<BigDecimal.BigDecimal>) => xs.reduce(BigDecimal.sum, ZERO)

/** What a leg (a filled entry order) bought. */
export interface FilledLeg {
  readonly leg: number
  readonly quantity: string
  readonly cost: string
}

/** What the take-profit orders of one slot (`slot`) have sold so far. */
export interface SoldSlot {
  readonly slot: number
  readonly quantity: string
}

/** A take-profit sell the group should have open: `slot` tells which (see below). */
export interface TakeProfitTarget {
  readonly slot: number
  readonly price: string
  readonly quantity: string
}

/**
 * The take-profit sells a group should have open now, from what its entries bought and what its
 * take-profits sold, in exact decimals (prices half-even, quantities down, to 10 places):
 * - `aggregate`: slot 0 sells everything held at the take-profit above the average entry;
 * - `leg`: slot n sells what leg n bought and has not sold, at the take-profit above its price;
 * - `hybrid`: slot i (1…) sells step i's share of what was bought at the step's distance above
 *   the average, less what it sold; slot 0 sells the rest at the take-profit.
 * A slot with nothing left to sell has no order.
 */
export const takeProfitTargets = (
  settings: BotSettings,
  legs: ReadonlyArray<FilledLeg>,
  sold: ReadonlyArray<SoldSlot>
): ReadonlyArray<TakeProfitTarget> => {
  const soldBy = (slot: number) =>
    sum(sold.filter((s) => s.slot === slot).map((s) => toBigDecimal(s.quantity)))
  const bought = sum(legs.map((l) => toBigDecimal(l.quantity)))
  if (!BigDecimal.isPositive(bought)) return []
  const cost = sum(legs.map((l) => toBigDecimal(l.cost)))
  const average = BigDecimal.unsafeDivide(cost, bought)
  const held = BigDecimal.subtract(bought, sum(sold.map((s) => toBigDecimal(s.quantity))))
  const target = (slot: number, price: BigDecimal.BigDecimal, quantity: BigDecimal.BigDecimal) =>
    BigDecimal.isPositive(floor(quantity))
      ? [{ slot, price: decimalString(price), quantity: decimalString(floor(quantity)) }]
      : []
  const tp = settings.grid.takeProfitPercent
  switch (settings.takeProfit) {
    case "aggregate":
      return target(0, above(average, tp), held)
    case "leg":
      return legs.flatMap((l) => {
        const quantity = toBigDecimal(l.quantity)
        const price = BigDecimal.unsafeDivide(toBigDecimal(l.cost), quantity)
        return target(l.leg, above(price, tp), BigDecimal.subtract(quantity, soldBy(l.leg)))
      })
    case "hybrid": {
      const steps = settings.takeProfitSteps.flatMap((step, i) => {
        const share = floor(
          BigDecimal.unsafeDivide(
            BigDecimal.multiply(bought, toBigDecimal(step.sharePercent)),
            HUNDRED
          )
        )
        return target(
          i + 1,
          above(average, step.percent),
          BigDecimal.subtract(share, soldBy(i + 1))
        )
      })
      const rest = BigDecimal.subtract(held, sum(steps.map((s) => toBigDecimal(s.quantity))))
      return [...steps, ...target(0, above(average, tp), rest)]
    }
  }
}
