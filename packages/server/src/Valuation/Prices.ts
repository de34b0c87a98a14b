import { CANDLE_INTERVALS, type CandleInterval, type Instrument } from "@trading-app/domain"
import { Effect } from "effect"
import { conversionPath, type FxLeg } from "../MarketData/FxPaths.js"
import type { MarketDataRepo, PackedSeries } from "../MarketData/MarketDataRepo.js"
import { div, type Fixed, mul, ONE, parseList } from "./Fixed.js"
import { closeAt } from "./Series.js"

/** A price history: candle end times (epoch ms, ascending) and closes. */
export interface History {
  readonly ends: ReadonlyArray<number>
  readonly closes: ReadonlyArray<Fixed>
}

/** Merges two histories by end time (one interval's candles among another's). */
const merge = (a: History, b: History): History => {
  const ends: Array<number> = []
  const closes: Array<Fixed> = []
  let i = 0
  let j = 0
  while (i < a.ends.length || j < b.ends.length) {
    if (j === b.ends.length || (i < a.ends.length && a.ends[i]! <= b.ends[j]!)) {
      ends.push(a.ends[i]!)
      closes.push(a.closes[i++]!)
    } else {
      ends.push(b.ends[j]!)
      closes.push(b.closes[j++]!)
    }
  }
  return { ends, closes }
}

/** Each symbol's history, its intervals' candles merged in the order of their ends. */
export const unpackSeries = (rows: ReadonlyArray<PackedSeries>): Map<string, History> => {
  const histories = new Map<string, History>()
  for (const r of rows) {
    const width = CANDLE_INTERVALS[r.interval]
    const history: History = {
      ends: r.starts.split(",").map((s) => Math.round(Number(s) * 1000) + width),
      closes: parseList(r.closes)
    }
    const other = histories.get(r.symbol)
    histories.set(r.symbol, other === undefined ? history : merge(other, history))
  }
  return histories
}

/** The value of one leg's rate from a close: the close itself, or its inverse. */
const legRate = (leg: FxLeg, close: Fixed | undefined): Fixed | undefined =>
  close === undefined ? undefined : leg.invert ? div(ONE, close) : close

/**
 * Conversions into a base currency: for each currency, the FX pairs to apply, their history
 * (for rates at past times) and their latest closes (for rates now).
 */
export interface Fx {
  /** The rate at a time (last close at or before it), or undefined when not known then. */
  readonly rateAt: (currency: string, time: number) => Fixed | undefined
  /** The latest rate, or undefined when unknown. */
  readonly rateNow: (currency: string) => Fixed | undefined
}

/** Which FX pairs convert the given currencies into `base`. */
export const fxPlan = (
  base: string,
  currencies: Iterable<string>,
  pairs: ReadonlyArray<Instrument>
): Map<string, ReadonlyArray<FxLeg> | undefined> =>
  new Map([...new Set(currencies)].map((c) => [c, conversionPath(c, base, pairs)]))

/** The FX pairs a plan uses. */
export const pairsOf = (plan: Map<string, ReadonlyArray<FxLeg> | undefined>): Array<string> => [
  ...new Set([...plan.values()].flatMap((legs) => (legs ?? []).map((l) => l.symbol)))
]

/** FX conversions from a plan, with history over [from, to) read from the market data. */
export const loadFx = (
  repo: MarketDataRepo,
  plan: Map<string, ReadonlyArray<FxLeg> | undefined>,
  latest: ReadonlyMap<string, { readonly price: Fixed }>,
  from: Date,
  to: Date,
  intervals: ReadonlyArray<CandleInterval>
): Effect.Effect<Fx> =>
  Effect.gen(function* () {
    const pairSymbols = pairsOf(plan)
    const history =
      pairSymbols.length === 0
        ? new Map<string, History>()
        : unpackSeries(yield* repo.closeSeries(pairSymbols, intervals, from, to))
    const combine = (currency: string, closeOf: (symbol: string) => Fixed | undefined) => {
      const legs = plan.get(currency)
      if (legs === undefined) return undefined
      let rate: Fixed = ONE
      for (const leg of legs) {
        const r = legRate(leg, closeOf(leg.symbol))
        if (r === undefined) return undefined
        rate = legs.length === 1 ? r : mul(rate, r)
      }
      return rate
    }
    return {
      rateAt: (currency, time) =>
        combine(currency, (symbol) => {
          const h = history.get(symbol)
          return h === undefined ? undefined : closeAt(h.ends, h.closes, time)
        }),
      rateNow: (currency) => combine(currency, (symbol) => latest.get(symbol)?.price)
    }
  })
