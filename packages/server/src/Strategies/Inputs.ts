import {
  CANDLE_INTERVALS,
  type Instrument,
  type StrategyDocument,
  type Timestamp,
  Unprocessable
} from "@trading-app/domain"
import { Effect } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import type { Bars } from "./Bars.js"
import { BarsRepo } from "./BarsRepo.js"
import { rulesWarmUp } from "./Rules.js"

/**
 * Candles one backtest or search may read, all instruments together: about 110 MB while it runs
 * (the columns, the indicator lines, the equity curve), the most one process works on at once
 * (see CandleBudget).
 */
export const MAX_BACKTEST_BARS = 1_000_000

/** The instruments of a document, checked: all known, all priced in one currency. */
export const instrumentsOf = (symbols: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const market = yield* MarketDataRepo
    const found = yield* market.instrumentsOf(symbols)
    const missing = symbols.filter((s) => !found.some((i) => i.symbol === s))
    if (missing.length > 0)
      return yield* Unprocessable.field(
        ["strategyId"],
        `The strategy names instruments the market data does not have: ${missing.join(", ")}`
      )
    const currencies = [...new Set(found.map((i) => i.quoteCurrency))]
    if (currencies.length > 1)
      return yield* Unprocessable.field(
        ["strategyId"],
        `A backtest needs instruments priced in one currency; these are in ${currencies.join(", ")}`
      )
    return found as ReadonlyArray<Instrument>
  })

/** A range checked before anything is queued; its end is now at the latest. */
export const checkRange = (document: StrategyDocument, fromIso: Timestamp, toIso: Timestamp) =>
  Effect.gen(function* () {
    const from = Date.parse(fromIso)
    const to = Math.min(Date.parse(toIso), Date.now())
    if (from >= to)
      return yield* Unprocessable.field(["from"], "from must be before to (and before now)")
    const bars = ((to - from) / CANDLE_INTERVALS[document.timeframe]) * document.symbols.length
    if (bars > MAX_BACKTEST_BARS)
      return yield* Unprocessable.field(
        ["from"],
        `This range holds about ${Math.round(bars).toLocaleString("en")} candles of ${document.timeframe}; a backtest reads at most ${MAX_BACKTEST_BARS.toLocaleString("en")}. Shorten the range or use a longer timeframe`
      )
    return new Date(to).toISOString() as Timestamp
  })

/** About how many candles a test of the range reads, warm-up included, at most the limit. */
export const candlesOf = (document: StrategyDocument, from: string, to: string) => {
  const width = CANDLE_INTERVALS[document.timeframe]
  const warmUp = rulesWarmUp([document.entry, document.exit])
  const span = (Date.parse(to) - Date.parse(from)) / width + (warmUp + 1) * 3
  return Math.min(MAX_BACKTEST_BARS, Math.ceil(span * document.symbols.length))
}

/**
 * Each instrument's closed candles of the range, with room before it for the warm-up (three
 * times its bars, for closed markets and gaps); fails with what is missing or too much.
 */
export const readBars = (document: StrategyDocument, from: string, to: string) =>
  Effect.gen(function* () {
    const repo = yield* BarsRepo
    const width = CANDLE_INTERVALS[document.timeframe]
    const warmUp = rulesWarmUp([document.entry, document.exit])
    const readFrom = new Date(Date.parse(from) - (warmUp + 1) * width * 3)
    const bars = new Map<string, Bars>()
    let count = 0
    for (const symbol of document.symbols) {
      const read = yield* repo.load(
        symbol,
        document.timeframe,
        readFrom,
        new Date(to),
        MAX_BACKTEST_BARS - count + 1
      )
      count += read.time.length
      if (count > MAX_BACKTEST_BARS)
        return yield* Unprocessable.field(
          ["from"],
          `The range holds more than ${MAX_BACKTEST_BARS.toLocaleString("en")} candles; shorten it or use a longer timeframe`
        )
      bars.set(symbol, read)
    }
    const empty = document.symbols.filter((s) => (bars.get(s)?.time.length ?? 0) === 0)
    if (empty.length > 0)
      return yield* Unprocessable.field(
        ["from"],
        `No ${document.timeframe} candles of ${empty.join(", ")} in this range`
      )
    return { bars, count }
  })
