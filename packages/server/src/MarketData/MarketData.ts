import {
  type AssetClass,
  CANDLE_INTERVALS,
  type CandleInterval,
  type CandleParams,
  type CandleSeries,
  type InstrumentSymbol,
  type LatestPrices,
  MAX_CANDLES,
  NotFound,
  timestampOf,
  ValidationError
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { MarketDataRepo } from "./MarketDataRepo.js"

const INTERVALS = Object.keys(CANDLE_INTERVALS) as Array<CandleInterval>
const DEFAULT_CANDLES = 500

const describeSpan = (ms: number) => {
  const days = Math.floor(ms / 86_400_000)
  const hours = Math.floor((ms % 86_400_000) / 3_600_000)
  return days > 0 ? `${days} days${hours > 0 ? ` ${hours} hours` : ""}` : `${hours} hours`
}

/**
 * The stored interval to build `interval` candles from: among the stored intervals that divide
 * it, the finest that reaches back to `from`, else the one that reaches furthest back.
 */
export const chooseSource = (
  interval: CandleInterval,
  stored: ReadonlyArray<{ readonly interval: CandleInterval; readonly first: Date }>,
  from: Date
): CandleInterval | undefined => {
  const usable = stored
    .filter((s) => CANDLE_INTERVALS[interval] % CANDLE_INTERVALS[s.interval] === 0)
    .sort((a, b) => CANDLE_INTERVALS[a.interval] - CANDLE_INTERVALS[b.interval])
  const covering = usable.find((s) => s.first.getTime() <= from.getTime())
  if (covering !== undefined) return covering.interval
  return usable.reduce<(typeof usable)[number] | undefined>(
    (best, s) => (best === undefined || s.first < best.first ? s : best),
    undefined
  )?.interval
}

/** Market data for the API: instruments, candles over checked ranges, prices, trades. */
export class MarketData extends Effect.Service<MarketData>()("MarketData", {
  effect: Effect.gen(function* () {
    const repo = yield* MarketDataRepo

    const instrument = (symbol: InstrumentSymbol) =>
      Effect.flatMap(
        repo.instrument(symbol),
        Option.match({
          onNone: () => Effect.fail(new NotFound({ message: `No instrument ${symbol}` })),
          onSome: Effect.succeed
        })
      )

    const search = (q: string | undefined, assetClass: AssetClass | undefined, limit: number) =>
      Effect.map(repo.search(q, assetClass, limit), (items) => ({ items }))

    const candles = (symbol: InstrumentSymbol, params: CandleParams) =>
      Effect.gen(function* () {
        yield* instrument(symbol)
        const width = CANDLE_INTERVALS[params.interval]
        const to = params.to ?? timestampOf(new Date())
        const toMs = Date.parse(to)
        const from = params.from ?? timestampOf(new Date(toMs - DEFAULT_CANDLES * width))
        const span = toMs - Date.parse(from)
        if (span <= 0) return yield* ValidationError.field(["from"], "from must be before to")
        if (span > MAX_CANDLES * width) {
          return yield* ValidationError.field(
            ["from"],
            `At most ${MAX_CANDLES} candles per answer: with interval ${params.interval}, from may be at most ${describeSpan(MAX_CANDLES * width)} before to`
          )
        }
        const candidates = INTERVALS.filter((i) => width % CANDLE_INTERVALS[i] === 0)
        const stored = yield* repo.storedIntervals(symbol, candidates)
        const source = chooseSource(params.interval, stored, new Date(from))
        const items =
          source === undefined ? [] : yield* repo.candles(symbol, params.interval, source, from, to)
        return {
          symbol,
          interval: params.interval,
          sourceInterval: source ?? null,
          items
        } satisfies CandleSeries
      })

    const trades = (symbol: InstrumentSymbol, limit: number) =>
      Effect.flatMap(instrument(symbol), () =>
        Effect.map(repo.recentTrades(symbol, limit), (items) => ({ items }))
      )

    const prices = (symbols: ReadonlyArray<InstrumentSymbol>) =>
      Effect.map(repo.latestPrices([...new Set(symbols)]), (items) => {
        const found = new Set<string>(items.map((p) => p.symbol))
        return {
          items,
          missing: [...new Set(symbols)].filter((s) => !found.has(s))
        } satisfies LatestPrices
      })

    return { search, instrument, candles, trades, prices } as const
  }),
  dependencies: [MarketDataRepo.Default]
}) {}
