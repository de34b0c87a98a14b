import { div, type Fixed, mul, ONE, ZERO } from "./Fixed.js"

/** One transaction for the value series: a signed quantity and a signed flow of money. */
export interface SeriesEntry {
  readonly symbol: number
  readonly time: number
  /** Bought quantity, negative when sold. */
  readonly delta: Fixed
  /** Money in (purchase with fee), negative when out (sale less fee); base currency. */
  readonly cash: Fixed
  /** The unit price paid, base currency: the last resort when the market has no price. */
  readonly unitPrice: Fixed
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
 * The portfolio's value at each of `times` (ascending): entries before a time count towards it.
 * Flows between two times are taken at the start of the period, so a period's return is
 * value / (previous value + flows) − 1, linked into the time-weighted index. One pass over the
 * entries, and one lookup per held symbol and time.
 */
export const valueSeries = (
  entries: ReadonlyArray<SeriesEntry>,
  symbolCount: number,
  times: ReadonlyArray<number>,
  priceAt: PriceAt
): ValueSeries => {
  const quantities = new Array<Fixed>(symbolCount).fill(ZERO)
  const lastPaid = new Array<Fixed>(symbolCount).fill(ZERO)
  const held = new Set<number>()
  const missing = new Set<number>()
  const values: Array<Fixed> = []
  const contributions: Array<Fixed> = []
  const index: Array<Fixed> = []
  let contributed = ZERO
  let next = 0
  for (const time of times) {
    const before = contributed
    while (next < entries.length && entries[next]!.time < time) {
      const e = entries[next++]!
      const q = quantities[e.symbol]! + e.delta
      quantities[e.symbol] = q
      if (q === ZERO) held.delete(e.symbol)
      else held.add(e.symbol)
      lastPaid[e.symbol] = e.unitPrice
      contributed += e.cash
    }
    let value = ZERO
    for (const symbol of held) {
      let price = priceAt(symbol, time)
      if (price === undefined) {
        missing.add(symbol)
        price = lastPaid[symbol]!
      }
      value += mul(quantities[symbol]!, price)
    }
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
  return { times, values, contributions, index, missing }
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
