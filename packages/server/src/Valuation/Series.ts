import { div, divRound, type Fixed, mul, ONE, UNITS_PER_ONE, type Units, ZERO } from "./Fixed.js"
import type { Entry } from "./Positions.js"

/** One symbol's ledger for the value series; `rates[i]` converts entry i into the base currency. */
export interface SymbolFlows {
  readonly entries: ReadonlyArray<Entry>
  /** All 1 when left out (every entry in the base currency). */
  readonly rates?: ReadonlyArray<Fixed> | undefined
}

/** A symbol's unit price in the base currency at a time, or undefined when the market has none. */
export type PriceAt = (symbol: number, time: number) => Fixed | undefined

export interface ValueSeries {
  readonly times: ReadonlyArray<number>
  readonly values: ReadonlyArray<Fixed>
  /** Net contributions since the first transaction, up to each time. */
  readonly contributions: ReadonlyArray<Fixed>
  /** Time-weighted index: ONE at the first time, each step linked. */
  readonly index: ReadonlyArray<Fixed>
  /** Symbols valued at their last transaction price at some time for want of a market price. */
  readonly missing: ReadonlySet<number>
}

/**
 * The portfolio's value at each of `times` (ascending), built a slice of times at a time so a
 * caller can yield between slices: entries before a time count towards it. Flows between two
 * times are taken at the start of the period, so a period's return is value / (previous value +
 * flows) − 1, linked into the time-weighted index. The symbols' ledgers (each in time order) are
 * walked with one cursor each: no merged list, no sort.
 */
export const seriesBuilder = (
  symbols: ReadonlyArray<SymbolFlows>,
  times: ReadonlyArray<number>,
  priceAt: PriceAt
) => {
  const next = new Array<number>(symbols.length).fill(0)
  const quantities = new Array<Units>(symbols.length).fill(ZERO)
  const lastPaid = new Array<Fixed>(symbols.length).fill(ZERO)
  const held = new Set<number>()
  const missing = new Set<number>()
  const values: Array<Fixed> = []
  const contributions: Array<Fixed> = []
  const index: Array<Fixed> = []
  let contributed = ZERO
  let done = 0

  /** Applies a symbol's entries before `time`: quantity, flows and the last price paid. */
  const apply = (symbol: number, time: number) => {
    const { entries, rates } = symbols[symbol]!
    let i = next[symbol]!
    if (i >= entries.length || entries[i]!.time >= time) return
    let q = quantities[symbol]!
    for (; i < entries.length && entries[i]!.time < time; i++) {
      const e = entries[i]!
      const rate = rates === undefined ? ONE : rates[i]!
      let paid = e.quantity * e.price
      let fee = e.fee * UNITS_PER_ONE
      let unit = e.price * UNITS_PER_ONE
      if (rate !== ONE) {
        paid = mul(paid, rate)
        fee = mul(fee, rate)
        unit = mul(unit, rate)
      }
      if (e.side === "buy") {
        q += e.quantity
        contributed += paid + fee
      } else {
        q -= e.quantity
        contributed -= paid - fee
      }
      lastPaid[symbol] = unit
    }
    next[symbol] = i
    quantities[symbol] = q
    if (q === ZERO) held.delete(symbol)
    else held.add(symbol)
  }

  /** Values the next `count` times; true when every time is valued. */
  const advance = (count: number): boolean => {
    const until = Math.min(times.length, done + count)
    for (; done < until; done++) {
      const time = times[done]!
      const before = contributed
      for (let s = 0; s < symbols.length; s++) apply(s, time)
      // Units × Fixed sums at 10^-30, rounded once per time.
      let sum = ZERO
      for (const symbol of held) {
        let price = priceAt(symbol, time)
        if (price === undefined) {
          missing.add(symbol)
          price = lastPaid[symbol]!
        }
        sum += quantities[symbol]! * price
      }
      const value = divRound(sum, UNITS_PER_ONE)
      if (index.length === 0) {
        index.push(ONE)
      } else {
        const base = values[values.length - 1]! + (contributed - before)
        const last = index[index.length - 1]!
        index.push(base > ZERO ? mul(last, div(value, base)!) : last)
      }
      values.push(value)
      contributions.push(contributed)
    }
    return done === times.length
  }

  const result = (): ValueSeries => ({ times, values, contributions, index, missing })
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
