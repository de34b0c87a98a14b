import type { ActivityType } from "@trading-app/domain"
import { div, divRound, type Fixed, mul, ONE, UNITS_PER_ONE, type Units, ZERO } from "./Fixed.js"
import type { LedgerEntry } from "./Ledger.js"
import { splitQuantity } from "./Positions.js"

/** One ledger for the value series; `rates[i]` converts entry i into the base currency. */
export interface SymbolFlows {
  readonly entries: ReadonlyArray<LedgerEntry>
  /** All 1 when left out (every entry in the base currency). */
  readonly rates?: ReadonlyArray<Fixed> | undefined
  /** Whether its portfolio pays for trades from its cash (it records deposits or withdrawals). */
  readonly tradesMoveCash: boolean
}

/** A symbol's unit price in the base currency at a time, or undefined when the market has none. */
export type PriceAt = (symbol: number, time: number) => Fixed | undefined
/** A currency's rate into the base currency at a time, or undefined when unknown. */
export type RateAt = (currency: string, time: number) => Fixed | undefined

/** Money put in (positive) or taken out (negative) at a time, in the base currency. */
export interface ExternalFlow {
  readonly time: number
  readonly amount: Fixed
}

export interface ValueSeries {
  readonly times: ReadonlyArray<number>
  /** Securities and cash at each time. */
  readonly values: ReadonlyArray<Fixed>
  /** Net external flows since the first entry, up to each time. */
  readonly contributions: ReadonlyArray<Fixed>
  /** Time-weighted index at each time: ONE at the first, sub-periods linked. */
  readonly index: ReadonlyArray<Fixed>
  /** The external flows inside the range (after its first time), each at its own time. */
  readonly flows: ReadonlyArray<ExternalFlow>
  /** Largest fall of the index from a previous peak, at any valuation (≤ 0; −0.25 = 25 %). */
  readonly maxDrawdown: Fixed
  /** Ledgers valued at their last trade price (or cost) at some time for want of a market price. */
  readonly missing: ReadonlySet<number>
}

/**
 * The order of entries at one instant, as the ledger's generated column `ledger_rank` has it
 * (test/integration/activities.test.ts holds the two together).
 */
export const LEDGER_RANK: Record<ActivityType, number> = {
  deposit: 0,
  transfer_in: 1,
  buy: 2,
  split: 3,
  dividend: 4,
  interest: 5,
  sell: 6,
  transfer_out: 7,
  fee: 8,
  tax: 9,
  withdrawal: 10
}

interface Pending {
  readonly ledger: number
  readonly entry: LedgerEntry
  readonly rate: Fixed
}

/**
 * The portfolio's value (securities and cash) at each of `times` (ascending), and its
 * time-weighted return under one convention: **every external flow at its own time**. At each
 * instant with a flow, the portfolio is valued just before it (the traded security at the
 * trade's price, others at their last close), the sub-period since the previous flow or
 * valuation is linked into the index, and the next sub-period starts from that value plus the
 * flow. This is the true time-weighted return of GIPS and the CFA curriculum (valuation at every
 * external cash flow); the money-weighted return takes the same flows at the same times.
 *
 * External flows: deposits, withdrawals and transfers (at the market value then); purchases and
 * sales too in a ledger whose portfolio records no deposits or withdrawals (`tradesMoveCash`).
 * Dividends, interest, fees and taxes are not flows: they are part of the return.
 *
 * Built a slice of times at a time so a caller can yield between slices. Each ledger (in order)
 * is walked with its own cursor; only one day's entries are ever merged.
 */
export const seriesBuilder = (
  ledgers: ReadonlyArray<SymbolFlows>,
  times: ReadonlyArray<number>,
  priceAt: PriceAt,
  rateAt: RateAt
) => {
  const next = new Array<number>(ledgers.length).fill(0)
  const quantities = new Array<Units>(ledgers.length).fill(ZERO)
  const marks = new Array<Fixed>(ledgers.length).fill(ZERO)
  const held = new Set<number>()
  const missing = new Set<number>()
  // Σ quantity × mark over the securities, at 10^-30 (units × Fixed), kept up to date.
  let securities = ZERO
  const cash = new Map<string, Fixed>()
  const cashRates = new Map<string, Fixed>()
  const values: Array<Fixed> = []
  const contributions: Array<Fixed> = []
  const index: Array<Fixed> = []
  const flows: Array<ExternalFlow> = []
  let contributed = ZERO
  let level = ONE
  // The value the running sub-period started from (value after its flows); ≤ 0: none.
  let start = ZERO
  let peak = ONE
  let worst = ZERO
  let done = 0

  const setHolding = (ledger: number, quantity: Units, mark: Fixed) => {
    const q = quantities[ledger]!
    const m = marks[ledger]!
    // One product where one factor is unchanged (a new price, or a trade at the last mark).
    if (quantity === q) {
      if (mark !== m) {
        securities += quantity * (mark - m)
        marks[ledger] = mark
      }
      return
    }
    if (mark === m) securities += (quantity - q) * mark
    else securities += quantity * mark - q * m
    quantities[ledger] = quantity
    marks[ledger] = mark
    if (quantity === ZERO) {
      if (q !== ZERO) held.delete(ledger)
    } else if (q === ZERO) held.add(ledger)
  }
  const moveCash = (currency: string, amount: Fixed, rate: Fixed) => {
    cash.set(currency, (cash.get(currency) ?? ZERO) + amount)
    if (!cashRates.has(currency)) cashRates.set(currency, rate)
  }
  const value = (): Fixed => {
    let v = divRound(securities, UNITS_PER_ONE)
    for (const [currency, balance] of cash) {
      if (balance !== ZERO) v += mul(balance, cashRates.get(currency)!)
    }
    return v
  }
  /** Closes the running sub-period at value `end`: its return linked into the index. */
  const link = (end: Fixed) => {
    if (start > ZERO) {
      level = mul(level, div(end, start)!)
      if (level > peak) peak = level
      else {
        const fall = div(level, peak)! - ONE
        if (fall < worst) worst = fall
      }
    }
  }
  /** A security's value per unit now: its last mark, else the market's, else what it cost. */
  const markOf = (ledger: number, time: number, fallback: Fixed): Fixed => {
    if (held.has(ledger)) return marks[ledger]!
    const price = priceAt(ledger, time)
    if (price !== undefined) return price
    missing.add(ledger)
    return fallback
  }

  /** The external flow of an entry (base currency), zero for entries that are not flows. */
  const flowOf = (p: Pending): Fixed => {
    const e = p.entry
    const r = p.rate
    const inBase = (x: Fixed) => (r === ONE ? x : mul(x, r))
    const tradesMoveCash = ledgers[p.ledger]!.tradesMoveCash
    switch (e.type) {
      case "deposit":
        return inBase(e.amount * UNITS_PER_ONE)
      case "withdrawal":
        return -inBase(e.amount * UNITS_PER_ONE)
      case "buy":
        return tradesMoveCash ? ZERO : inBase(e.quantity * e.price + e.fee * UNITS_PER_ONE)
      case "sell":
        return tradesMoveCash ? ZERO : -inBase(e.quantity * e.price - e.fee * UNITS_PER_ONE)
      case "transfer_in": {
        const cost = e.quantity === ZERO ? ZERO : inBase(e.amount * UNITS_PER_ONE) / e.quantity
        return divRound(e.quantity * markOf(p.ledger, e.time, cost * UNITS_PER_ONE), UNITS_PER_ONE)
      }
      case "transfer_out":
        return -divRound(e.quantity * marks[p.ledger]!, UNITS_PER_ONE)
      default:
        return ZERO
    }
  }

  /** Applies an entry to the holdings and cash. */
  const apply = (p: Pending) => {
    const { ledger, entry: e, rate } = p
    const q = quantities[ledger]!
    switch (e.type) {
      case "buy":
      case "sell": {
        const unit = rate === ONE ? e.price * UNITS_PER_ONE : mul(e.price * UNITS_PER_ONE, rate)
        setHolding(ledger, e.type === "buy" ? q + e.quantity : q - e.quantity, unit)
        if (ledgers[ledger]!.tradesMoveCash) {
          const gross = e.quantity * e.price
          const fee = e.fee * UNITS_PER_ONE
          moveCash(e.currency, e.type === "buy" ? -gross - fee : gross - fee, rate)
        }
        break
      }
      case "transfer_in": {
        const cost = e.quantity === ZERO ? ZERO : (e.amount * UNITS_PER_ONE) / e.quantity
        const unit = markOf(
          ledger,
          e.time,
          rate === ONE ? cost * UNITS_PER_ONE : mul(cost * UNITS_PER_ONE, rate)
        )
        setHolding(ledger, q + e.quantity, unit)
        break
      }
      case "transfer_out":
        setHolding(ledger, q - e.quantity, marks[ledger]!)
        break
      case "split":
        if (q !== ZERO)
          setHolding(
            ledger,
            splitQuantity(q, e.before, e.after),
            divRound(marks[ledger]! * e.before, e.after)
          )
        break
      case "deposit":
      case "interest":
      case "dividend":
        moveCash(e.currency, (e.amount - e.withheld) * UNITS_PER_ONE, rate)
        break
      case "withdrawal":
      case "fee":
      case "tax":
        moveCash(e.currency, -e.amount * UNITS_PER_ONE, rate)
        break
    }
  }

  /** Entries before `time` from every ledger, in ledger order across ledgers. */
  const due = (time: number): Array<Pending> => {
    const out: Array<Pending> = []
    for (let l = 0; l < ledgers.length; l++) {
      const { entries, rates } = ledgers[l]!
      let i = next[l]!
      for (; i < entries.length && entries[i]!.time < time; i++)
        out.push({ ledger: l, entry: entries[i]!, rate: rates === undefined ? ONE : rates[i]! })
      next[l] = i
    }
    if (out.length > 1)
      out.sort(
        (a, b) =>
          a.entry.time - b.entry.time || LEDGER_RANK[a.entry.type] - LEDGER_RANK[b.entry.type]
      )
    return out
  }

  /** Applies a day's entries instant by instant, linking a sub-period at each external flow. */
  const applyDue = (pending: ReadonlyArray<Pending>) => {
    for (let i = 0; i < pending.length; ) {
      const time = pending[i]!.entry.time
      let j = i
      while (j < pending.length && pending[j]!.entry.time === time) j++
      // The traded securities are marked at their trade's price before the instant is valued.
      for (let k = i; k < j; k++) {
        const p = pending[k]!
        const e = p.entry
        if ((e.type === "buy" || e.type === "sell") && held.has(p.ledger)) {
          const unit =
            p.rate === ONE ? e.price * UNITS_PER_ONE : mul(e.price * UNITS_PER_ONE, p.rate)
          setHolding(p.ledger, quantities[p.ledger]!, unit)
        }
      }
      for (const [currency] of cash) {
        const r = rateAt(currency, time)
        if (r !== undefined) cashRates.set(currency, r)
      }
      let flow = ZERO
      for (let k = i; k < j; k++) flow += flowOf(pending[k]!)
      if (flow !== ZERO) {
        const before = value()
        link(before)
        start = before + flow
        contributed += flow
        flows.push({ time, amount: flow })
      }
      for (let k = i; k < j; k++) apply(pending[k]!)
      i = j
    }
  }

  /** Values the next `count` times; true when every time is valued. */
  const advance = (count: number): boolean => {
    const until = Math.min(times.length, done + count)
    for (; done < until; done++) {
      const time = times[done]!
      applyDue(due(time))
      for (const ledger of held) {
        const price = priceAt(ledger, time)
        if (price === undefined) missing.add(ledger)
        else setHolding(ledger, quantities[ledger]!, price)
      }
      for (const [currency] of cash) {
        const r = rateAt(currency, time)
        if (r !== undefined) cashRates.set(currency, r)
      }
      const v = value()
      if (done === 0) {
        // The range starts here: what came before is its starting value, not a return.
        flows.length = 0
        level = ONE
        peak = ONE
        worst = ZERO
      } else {
        link(v)
      }
      start = v
      values.push(v)
      contributions.push(contributed)
      index.push(level)
    }
    return done === times.length
  }

  const result = (): ValueSeries => ({
    times,
    values,
    contributions,
    index,
    flows,
    maxDrawdown: worst,
    missing
  })
  return { advance, result }
}

/**
 * A price history as parallel arrays (candle end times ascending, closes), read forwards with a
 * cursor: `at(t)` is the last close at or before t. Times must not go backwards between calls.
 */
export const cursorOf = (ends: ReadonlyArray<number>, closes: ReadonlyArray<Fixed>) => {
  let i = -1
  return (time: number): Fixed | undefined => {
    while (i + 1 < ends.length && ends[i + 1]! <= time) i++
    return i < 0 ? undefined : closes[i]
  }
}

/** The last close at or before t, by binary search, for lookups in any order. */
export const closeAt = (
  ends: ReadonlyArray<number>,
  closes: ReadonlyArray<Fixed>,
  time: number
): Fixed | undefined => {
  let low = 0
  let high = ends.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (ends[mid]! <= time) low = mid + 1
    else high = mid
  }
  return low === 0 ? undefined : closes[low - 1]
}
