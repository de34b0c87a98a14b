import {
  CANDLE_INTERVALS,
  type IndicatorLines,
  type IndicatorsRequest,
  type InstrumentSymbol,
  MAX_CANDLES,
  NotFound,
  type Timestamp,
  Unprocessable
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { BarsRepo } from "./BarsRepo.js"
import { indicatorSeries, warmUpBars } from "./Indicators.js"

const DEFAULT_CANDLES = 500

/** Indicator lines for charts: the same lines the strategies read, warmed up before `from`. */
export class IndicatorLinesService extends Effect.Service<IndicatorLinesService>()(
  "IndicatorLinesService",
  {
    effect: Effect.gen(function* () {
      const bars = yield* BarsRepo
      const market = yield* MarketDataRepo

      const lines = (symbol: InstrumentSymbol, request: IndicatorsRequest) =>
        Effect.gen(function* () {
          if (Option.isNone(yield* market.instrument(symbol)))
            return yield* new NotFound({ message: `No instrument ${symbol}` })
          const width = CANDLE_INTERVALS[request.interval]
          const to = request.to === undefined ? Date.now() : Date.parse(request.to)
          const from =
            request.from === undefined ? to - DEFAULT_CANDLES * width : Date.parse(request.from)
          if (from >= to) return yield* Unprocessable.field(["from"], "from must be before to")
          if ((to - from) / width > MAX_CANDLES)
            return yield* Unprocessable.field(
              ["from"],
              `At most ${MAX_CANDLES} candles per answer: move from closer to to, or use a longer interval`
            )
          const warmUp = Math.max(...request.indicators.map(warmUpBars))
          const read = yield* bars.load(
            symbol,
            request.interval,
            new Date(from - warmUp * width * 3),
            new Date(to),
            MAX_CANDLES + warmUp * 3
          )
          let first = 0
          while (first < read.time.length && (read.time[first] as number) < from) first++
          const times = Array.from(
            read.time.subarray(first),
            (t) => new Date(t).toISOString() as Timestamp
          )
          return {
            symbol,
            interval: request.interval,
            times,
            lines: request.indicators.map((indicator) => ({
              indicator,
              values: Array.from(indicatorSeries(indicator, read).subarray(first), (v) =>
                Number.isNaN(v) ? null : v
              )
            }))
          } satisfies IndicatorLines
        }).pipe(Effect.withSpan("IndicatorLines.lines"))

      return { lines } as const
    }),
    dependencies: [BarsRepo.Default, MarketDataRepo.Default]
  }
) {}
