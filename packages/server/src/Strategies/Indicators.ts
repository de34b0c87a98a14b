import type { IndicatorSpec } from "@trading-app/domain"
import {
  ATR,
  BollingerBands,
  EMA,
  MACD,
  RSI,
  SMA,
  StochasticOscillator,
  VWAP
} from "trading-signals"
import type { Bars } from "./Bars.js"

/** One bar as the indicators take it. */
interface Bar {
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** Feeds bars one at a time; each answer is the line's value after that bar, or null in warm-up. */
type Stream = (bar: Bar) => number | null

/**
 * A streaming indicator line (trading-signals): values depend only on the bars given so far,
 * so nothing can look ahead.
 */
export const indicatorStream = (spec: IndicatorSpec): Stream => streamOf(spec)(warmUpBars(spec))

const streamOf = (spec: IndicatorSpec) => {
  switch (spec.indicator) {
    case "sma":
      return ofClose(new SMA(spec.period))
    case "ema":
      return ofClose(new EMA(spec.period))
    case "rsi":
      return ofClose(new RSI(spec.period))
    case "atr":
      return stable(
        new ATR(spec.period),
        (bar) => bar,
        (v) => v
      )
    case "macd": {
      const macd = new MACD(new EMA(spec.fast), new EMA(spec.slow), new EMA(spec.signal))
      const line = spec.line
      return stable(
        macd,
        (bar) => bar.close,
        (v) => v[line]
      )
    }
    case "bollinger": {
      const line = spec.line
      return stable(
        new BollingerBands(spec.period, spec.deviations),
        (bar) => bar.close,
        (v) => v[line]
      )
    }
    case "stochastic": {
      const stoch = new StochasticOscillator({
        kPeriod: spec.period,
        kSlowingPeriod: spec.smoothing,
        dPeriod: spec.smoothing
      })
      const line = spec.line === "k" ? "stochK" : "stochD"
      return stable(
        stoch,
        (bar) => bar,
        (v) => v[line]
      )
    }
    case "vwap":
      return stable(
        new VWAP(),
        (bar) => bar,
        (v) => v
      )
  }
}

/**
 * Bars a line needs before its values count: a moving average its period, an RSI one more (it
 * reads changes), MACD's signal line the slow average's bars and then its own. Earlier values
 * some lines give (an EMA seeded by its first price) are warm-up and not used.
 */
export const warmUpBars = (spec: IndicatorSpec): number => {
  switch (spec.indicator) {
    case "sma":
    case "ema":
    case "atr":
    case "bollinger":
      return spec.period
    case "rsi":
      return spec.period + 1
    case "macd":
      return spec.line === "macd" ? spec.slow : spec.slow + spec.signal - 1
    case "stochastic":
      return spec.period + (spec.line === "k" ? spec.smoothing - 1 : 2 * spec.smoothing - 2)
    case "vwap":
      return 1
  }
}

const stable =
  <I, R>(line: { add(input: I): R | null }, input: (bar: Bar) => I, value: (result: R) => number) =>
  (warmUp: number): Stream => {
    let seen = 0
    return (bar) => {
      const result = line.add(input(bar))
      seen++
      return result !== null && seen >= warmUp ? value(result) : null
    }
  }

const ofClose = (line: { add(input: number): number | null }) =>
  stable(
    line,
    (bar) => bar.close,
    (v) => v
  )

/** The line over all bars: NaN where it is still warming up. */
export const indicatorSeries = (spec: IndicatorSpec, bars: Bars): Float64Array => {
  const steps = indicatorSeriesSteps(spec, bars)
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

/** Bars between pauses of `indicatorSeriesSteps`. */
const SLICE = 10_000

/** The same, pausing every SLICE bars so a caller can let other work run. */
export function* indicatorSeriesSteps(
  spec: IndicatorSpec,
  bars: Bars
): Generator<void, Float64Array> {
  const stream = indicatorStream(spec)
  const n = bars.close.length
  const out = new Float64Array(n)
  // A new object per bar: some lines keep the bars they were given.
  for (let i = 0; i < n; i++) {
    if (i % SLICE === SLICE - 1) yield
    const value = stream({
      high: bars.high[i] as number,
      low: bars.low[i] as number,
      close: bars.close[i] as number,
      volume: bars.volume[i] as number
    })
    out[i] = value ?? Number.NaN
  }
  return out
}

/** A spec's identity: the same line however its fields were ordered. */
export const indicatorKey = (spec: IndicatorSpec): string =>
  JSON.stringify(Object.entries(spec).sort(([a], [b]) => a.localeCompare(b)))
