import type { CostBasisMethod } from "@trading-app/domain"
import { type Fixed, fromUnits, mul, ONE, UNITS_PER_ONE, type Units, ZERO } from "./Fixed.js"

/** One transaction as the calculation sees it; price and fee in the transaction's currency. */
export interface Entry {
  readonly side: "buy" | "sell"
  readonly quantity: Units
  readonly price: Units
  readonly fee: Units
  /** Epoch milliseconds. */
  readonly time: number
}

/** The state of one symbol after its entries; money in the base currency. */
export interface Position {
  readonly quantity: Fixed
  /** What the open units cost, buy fees included. */
  readonly costBasis: Fixed
  /** Proceeds of sales less the cost of the units sold, fees left out. */
  readonly realizedGross: Fixed
  /** Proceeds of sales less the cost of the units sold, less buy and sell fees. */
  readonly realizedNet: Fixed
  readonly fees: Fixed
  /** Money put in (purchases with fees) less money taken out (sales less fees). */
  readonly netContributions: Fixed
}

/** A sale of more than is held: the ledger's own check forbids it, so this is a broken invariant. */
export class OversoldError extends Error {
  constructor(
    readonly time: number,
    readonly quantity: Fixed,
    readonly held: Fixed
  ) {
    super(`A sale at ${new Date(time).toISOString()} exceeds the open quantity`)
  }
}

interface Lot {
  quantity: Units
  cost: Fixed
  fee: Fixed
}

/** a × part / whole, rounded; exact when part is all of whole. */
const share = (a: Fixed, part: Units, whole: Units): Fixed =>
  part === whole ? a : (a * part + (whole >> 1n)) / whole

/**
 * Replays one symbol's entries, in time order, under a cost basis method: FIFO consumes the
 * oldest lots first; average cost pools all open units. A partial lot's cost is split by
 * quantity and the remainder kept by subtraction, so no cost is ever lost or made up by
 * rounding: realizedNet + (value − costBasis) = value − netContributions exactly. `rates[i]`
 * converts entry i's currency into the base currency at its time (all 1 when left out).
 */
export const replay = (
  entries: ReadonlyArray<Entry>,
  method: CostBasisMethod,
  rates?: ReadonlyArray<Fixed>
): Position => {
  // FIFO keeps every lot; average cost keeps one pooled lot at index 0.
  const lots: Array<Lot> = []
  let head = 0
  let quantity: Units = ZERO
  let realizedGross = ZERO
  let realizedNet = ZERO
  let fees = ZERO
  let netContributions = ZERO
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!
    const rate = rates === undefined ? ONE : rates[i]!
    // Units × units is an exact Fixed: the hot path has no division.
    let amount = e.quantity * e.price
    let fee = e.fee * UNITS_PER_ONE
    if (rate !== ONE) {
      amount = mul(amount, rate)
      fee = mul(fee, rate)
    }
    fees += fee
    if (e.side === "buy") {
      quantity += e.quantity
      netContributions += amount + fee
      if (method === "fifo" || lots.length === head) {
        lots.push({ quantity: e.quantity, cost: amount, fee })
      } else {
        const pool = lots[head]!
        pool.quantity += e.quantity
        pool.cost += amount
        pool.fee += fee
      }
      continue
    }
    if (e.quantity > quantity)
      throw new OversoldError(e.time, fromUnits(e.quantity), fromUnits(quantity))
    quantity -= e.quantity
    netContributions -= amount - fee
    let remaining = e.quantity
    let cost = ZERO
    let lotFees = ZERO
    while (remaining > ZERO) {
      const lot = lots[head]!
      if (lot.quantity <= remaining) {
        cost += lot.cost
        lotFees += lot.fee
        remaining -= lot.quantity
        head++
      } else {
        const partCost = share(lot.cost, remaining, lot.quantity)
        const partFee = share(lot.fee, remaining, lot.quantity)
        lot.cost -= partCost
        lot.fee -= partFee
        lot.quantity -= remaining
        cost += partCost
        lotFees += partFee
        remaining = ZERO
      }
    }
    realizedGross += amount - cost
    realizedNet += amount - fee - cost - lotFees
  }
  let costBasis = ZERO
  for (let i = head; i < lots.length; i++) costBasis += lots[i]!.cost + lots[i]!.fee
  return {
    quantity: fromUnits(quantity),
    costBasis,
    realizedGross,
    realizedNet,
    fees,
    netContributions
  }
}
