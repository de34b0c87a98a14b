import type { CostBasisMethod } from "@trading-app/domain"
import {
  divRound,
  type Fixed,
  fromUnits,
  mul,
  ONE,
  UNITS_PER_ONE,
  type Units,
  ZERO
} from "./Fixed.js"
import type { LedgerEntry } from "./Ledger.js"

/** A currency's cash: the balance in that currency, and its book value in the base currency. */
export interface CashBalance {
  balance: Fixed
  /** Each movement converted at its own time: what the balance cost in the base currency. */
  book: Fixed
}

/** The state of one ledger (a symbol's, or the cash-only one) after its entries; money in base. */
export interface Position {
  readonly quantity: Fixed
  /** What the open units cost, buy fees included (transfers in at their stated cost basis). */
  readonly costBasis: Fixed
  /** Proceeds of sales less the cost of the units sold, fees left out. */
  readonly realizedGross: Fixed
  /** Proceeds of sales less the cost of the units sold, less buy and sell fees. */
  readonly realizedNet: Fixed
  /** Fees of trades. */
  readonly fees: Fixed
  /** Dividends and interest received, net of the tax withheld. */
  readonly income: Fixed
  /** Tax withheld from dividends and interest (already left out of income). */
  readonly withheld: Fixed
  /** Standalone fees and taxes. */
  readonly costs: Fixed
  /**
   * Money and securities put in less taken out: deposits and withdrawals, transfers at their
   * cost basis, and trades themselves when trades do not move the portfolio's cash.
   */
  readonly netContributions: Fixed
  /** Cash moved per currency by these entries. */
  readonly cash: ReadonlyMap<string, CashBalance>
  /** The lots still open, oldest first (one pooled lot under average cost). */
  readonly lots: ReadonlyArray<Readonly<Lot>>
}

/** A sale or transfer out of more than is held: the ledger's own check forbids it. */
export class OversoldError extends Error {
  constructor(
    readonly time: number,
    readonly quantity: Fixed,
    readonly held: Fixed
  ) {
    super(`An entry at ${new Date(time).toISOString()} takes out more than the open quantity`)
  }
}

/** A quantity after a split of `after` shares for `before`, rounded half-even to 10 decimals. */
export const splitQuantity = (quantity: Units, before: Units, after: Units): Units =>
  divRound(quantity * after, before)

/** An amount in an entry's currency (a Fixed) in the base currency at the entry's rate. */
const inBase = (x: Fixed, rate: Fixed): Fixed => (rate === ONE ? x : mul(x, rate))

/** Whether an entry adds units (buy, transfer in) or takes them out (sell, transfer out). */
const adds = (e: LedgerEntry) => e.type === "buy" || e.type === "transfer_in"
const takes = (e: LedgerEntry) => e.type === "sell" || e.type === "transfer_out"

/**
 * Walks the units held through a ledger: what is held at the end, and the first entry (in
 * replay order) that takes out more than was held then, if any.
 */
export const walkQuantity = (
  entries: ReadonlyArray<LedgerEntry>
): {
  readonly held: Units
  readonly shortfall?: { readonly entry: LedgerEntry; readonly held: Units }
} => {
  let held: Units = ZERO
  for (const e of entries) {
    if (adds(e)) held += e.quantity
    else if (takes(e)) {
      if (e.quantity > held) return { held, shortfall: { entry: e, held } }
      held -= e.quantity
    } else if (e.type === "split") held = splitQuantity(held, e.before, e.after)
  }
  return { held }
}

/** Units bought (or transferred in) together: what they cost, fees apart, and when. */
export interface Lot {
  quantity: Units
  cost: Fixed
  fee: Fixed
  readonly time: number
}

/** What a replay reports as it goes, for a position's detail. */
export interface Journal {
  /** A sale: its proceeds and fee, and the cost and buy fees of the units it took (base). */
  readonly sale?: (e: LedgerEntry, proceeds: Fixed, fee: Fixed, cost: Fixed, lotFees: Fixed) => void
  /** A dividend or interest payment: gross and withheld (base). */
  readonly income?: (e: LedgerEntry, gross: Fixed, withheld: Fixed) => void
}

/** a × part / whole, rounded; exact when part is all of whole. */
const share = (a: Fixed, part: Units, whole: Units): Fixed =>
  part === whole ? a : (a * part + (whole >> 1n)) / whole

/**
 * Replays one ledger's entries, in order, under a cost basis method: FIFO consumes the oldest
 * lots first; average cost pools all open units. A partial lot's cost is split by quantity and
 * the remainder kept by subtraction, so no cost is ever lost or made up by rounding. `rates[i]`
 * converts entry i's currency into the base currency at its time (all 1 when left out).
 * `tradesMoveCash`: whether purchases and sales are paid from and into the portfolio's cash (it
 * records deposits or withdrawals) or are themselves the money put in and taken out.
 *
 * Exactly, over all ledgers of a portfolio: realizedNet + (market value − costBasis) +
 * (cash value − cash book) + income − costs = market value + cash value − netContributions.
 */
export const replay = (
  entries: ReadonlyArray<LedgerEntry>,
  method: CostBasisMethod,
  rates?: ReadonlyArray<Fixed>,
  tradesMoveCash = false,
  journal?: Journal
): Position => {
  // FIFO keeps every lot; average cost keeps one pooled lot at index `head`.
  const lots: Array<Lot> = []
  let head = 0
  let quantity: Units = ZERO
  let realizedGross = ZERO
  let realizedNet = ZERO
  let fees = ZERO
  let income = ZERO
  let withheld = ZERO
  let costs = ZERO
  let netContributions = ZERO
  const cash = new Map<string, CashBalance>()
  /** Moves `amount` (in the entry's currency) into or out of cash, `value` its base value. */
  // Most entries move the same currency as the one before: it is kept at hand.
  let lastCurrency = ""
  let last: CashBalance | undefined
  const moveCash = (currency: string, amount: Fixed, value: Fixed) => {
    if (currency !== lastCurrency) {
      lastCurrency = currency
      last = cash.get(currency)
      if (last === undefined) {
        last = { balance: ZERO, book: ZERO }
        cash.set(currency, last)
      }
    }
    last!.balance += amount
    last!.book += value
  }
  /** Takes units out of the lots (oldest first, or from the pool): their cost and fees. */
  const takeOut = (units: Units, time: number) => {
    if (units > quantity) throw new OversoldError(time, fromUnits(units), fromUnits(quantity))
    quantity -= units
    let remaining = units
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
    return { cost, lotFees }
  }
  const addLot = (units: Units, cost: Fixed, fee: Fixed, time: number) => {
    quantity += units
    if (method === "fifo" || lots.length === head) {
      lots.push({ quantity: units, cost, fee, time })
    } else {
      const pool = lots[head]!
      pool.quantity += units
      pool.cost += cost
      pool.fee += fee
    }
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!
    const rate = rates === undefined ? ONE : rates[i]!
    switch (e.type) {
      case "buy":
      case "sell": {
        // Units × units is an exact Fixed: the hot path has no division.
        const gross = e.quantity * e.price
        const fee = e.fee * UNITS_PER_ONE
        const amount = inBase(gross, rate)
        const feeBase = inBase(fee, rate)
        fees += feeBase
        const sign = e.type === "buy" ? -1n : 1n
        if (tradesMoveCash) moveCash(e.currency, sign * gross - fee, sign * amount - feeBase)
        else netContributions -= sign * amount - feeBase
        if (e.type === "buy") {
          addLot(e.quantity, amount, feeBase, e.time)
        } else {
          const { cost, lotFees } = takeOut(e.quantity, e.time)
          realizedGross += amount - cost
          realizedNet += amount - feeBase - cost - lotFees
          journal?.sale?.(e, amount, feeBase, cost, lotFees)
        }
        break
      }
      case "transfer_in": {
        const cost = inBase(e.amount * UNITS_PER_ONE, rate)
        addLot(e.quantity, cost, ZERO, e.time)
        netContributions += cost
        break
      }
      case "transfer_out": {
        const { cost, lotFees } = takeOut(e.quantity, e.time)
        netContributions -= cost + lotFees
        break
      }
      case "split": {
        const total = splitQuantity(quantity, e.before, e.after)
        // Each open lot scaled down to whole units of 10^-10; the last one takes the rest, so
        // the lots still add up to the quantity held. Costs stay: only unit costs change.
        let scaled = ZERO
        for (let l = head; l < lots.length - 1; l++) {
          const lot = lots[l]!
          lot.quantity = (lot.quantity * e.after) / e.before
          scaled += lot.quantity
        }
        if (lots.length > head) lots[lots.length - 1]!.quantity = total - scaled
        quantity = total
        break
      }
      case "dividend":
      case "interest": {
        const net = (e.amount - e.withheld) * UNITS_PER_ONE
        const netBase = inBase(net, rate)
        const withheldBase = inBase(e.withheld * UNITS_PER_ONE, rate)
        income += netBase
        withheld += withheldBase
        journal?.income?.(e, netBase + withheldBase, withheldBase)
        moveCash(e.currency, net, netBase)
        break
      }
      case "fee":
      case "tax": {
        const amount = e.amount * UNITS_PER_ONE
        const value = inBase(amount, rate)
        costs += value
        moveCash(e.currency, -amount, -value)
        break
      }
      case "deposit":
      case "withdrawal": {
        const sign = e.type === "deposit" ? 1n : -1n
        const amount = e.amount * UNITS_PER_ONE
        const value = inBase(amount, rate)
        netContributions += sign * value
        moveCash(e.currency, sign * amount, sign * value)
        break
      }
    }
  }
  let costBasis = ZERO
  for (let i = head; i < lots.length; i++) costBasis += lots[i]!.cost + lots[i]!.fee
  return {
    quantity: fromUnits(quantity),
    costBasis,
    realizedGross,
    realizedNet,
    fees,
    income,
    withheld,
    costs,
    netContributions,
    cash,
    lots: lots.slice(head)
  }
}
