import {
  decimalString,
  type GridLevel,
  type GridPreview,
  type GridSettings,
  toBigDecimal
} from "@trading-app/domain"
import { BigDecimal, Either } from "effect"

/** Places kept, as the database's numeric(28, 10) does. */
const SCALE = 10
const ZERO = BigDecimal.fromBigInt(0n)
const HUNDRED = BigDecimal.fromBigInt(100n)

const round = (x: BigDecimal.BigDecimal) => BigDecimal.round(x, { scale: SCALE, mode: "half-even" })
const floor = (x: BigDecimal.BigDecimal) => BigDecimal.round(x, { scale: SCALE, mode: "floor" })
const text = <T extends string>(x: BigDecimal.BigDecimal) => decimalString(x) as T
/** `x` moved by `percent` up (+1) or down (−1). */
const shifted = (x: BigDecimal.BigDecimal, percent: BigDecimal.BigDecimal, sign: 1 | -1) =>
  BigDecimal.multiply(
    x,
    BigDecimal.sum(
      BigDecimal.fromBigInt(1n),
      BigDecimal.multiply(
        BigDecimal.unsafeDivide(percent, HUNDRED),
        BigDecimal.fromBigInt(BigInt(sign))
      )
    )
  )

/** What is wrong with a grid, and where in the request. */
export interface GridProblem {
  readonly path: ReadonlyArray<string>
  readonly message: string
}

/**
 * Every order of a grid from an entry price, in exact decimals: the n-th safety order at the
 * cumulative deviation d·(1 + s + … + sⁿ⁻¹) = d·(sⁿ−1)/(s−1) (summed, so no division and no
 * rounding until the price), of the amount SO₁·vⁿ⁻¹. Quantities are rounded down to 10 places
 * (an order never spends more than its amount); prices and averages half-even to 10 places. A
 * long grid whose last order would reach a price of zero or less is refused, as is a short one
 * whose take-profit would.
 */
export const gridPreview = (
  price: string,
  settings: GridSettings
): Either.Either<GridPreview, GridProblem> => {
  const entry = toBigDecimal(price)
  const d = toBigDecimal(settings.deviationPercent)
  const s = toBigDecimal(settings.stepScale)
  const v = toBigDecimal(settings.volumeScale)
  const tp = toBigDecimal(settings.takeProfitPercent)
  const long = settings.direction === "long"
  if (!long && BigDecimal.greaterThanOrEqualTo(tp, HUNDRED))
    return Either.left({
      path: ["settings", "takeProfitPercent"],
      message: "A short grid's take-profit must be less than 100% below its average entry"
    })

  const levels: Array<GridLevel> = []
  let totalAmount = ZERO
  let totalQuantity = ZERO
  const add = (order: number, deviation: BigDecimal.BigDecimal, amount: BigDecimal.BigDecimal) => {
    const at = round(shifted(entry, deviation, long ? -1 : 1))
    const quantity = floor(BigDecimal.unsafeDivide(amount, at))
    totalAmount = BigDecimal.sum(totalAmount, amount)
    totalQuantity = BigDecimal.sum(totalQuantity, quantity)
    const average = round(BigDecimal.unsafeDivide(totalAmount, totalQuantity))
    levels.push({
      order,
      deviationPercent: text(round(deviation)),
      price: text(at),
      amount: text(amount),
      quantity: text(quantity),
      totalAmount: text(totalAmount),
      totalQuantity: text(totalQuantity),
      averagePrice: text(average),
      takeProfitPrice: text(round(shifted(average, tp, long ? 1 : -1)))
    })
  }

  add(0, ZERO, toBigDecimal(settings.baseOrder))
  let deviation = ZERO
  let step = d
  let amount = toBigDecimal(settings.safetyOrder)
  for (let n = 1; n <= settings.maxSafetyOrders; n++) {
    deviation = BigDecimal.sum(deviation, step)
    if (long && BigDecimal.greaterThanOrEqualTo(deviation, HUNDRED))
      return Either.left({
        path: ["settings", "maxSafetyOrders"],
        message: `Safety order ${n} would be ${decimalString(round(deviation))}% below the entry, at a price of zero or less: use fewer safety orders, a smaller deviation or a smaller step scale`
      })
    add(n, deviation, round(amount))
    step = BigDecimal.multiply(step, s)
    amount = BigDecimal.multiply(amount, v)
  }
  return Either.right({
    levels,
    capital: text(totalAmount),
    maxDeviationPercent: text(round(deviation))
  })
}
