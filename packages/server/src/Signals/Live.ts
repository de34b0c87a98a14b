import type { SignalReason, StrategyDocument } from "@trading-app/domain"
import { type BacktestResult, backtestSteps, finish, NoBars } from "../Strategies/Backtest.js"
import type { Bars } from "../Strategies/Bars.js"

/** Candle grids start on Monday 2000-01-03 (UTC), as the market data's aggregated buckets do. */
const GRID_ORIGIN = Date.UTC(2000, 0, 3)

/** Time after a candle's end before it is read, for the pipeline's last trades of it to land. */
export const CLOSE_GRACE_MS = 5_000

/** The start of the candle of `width` in progress at `now`. */
export const candleStart = (now: number, width: number) =>
  GRID_ORIGIN + Math.floor((now - GRID_ORIGIN) / width) * width

/** When the candle in progress at `now` may be read: its end, and the grace. */
export const nextCheck = (now: number, width: number) =>
  candleStart(now, width) + width + CLOSE_GRACE_MS

/** Signals of candles this many bars before the last one read are still taken (a late symbol). */
export const LATE_BARS = 10

export interface LiveSignal {
  readonly symbol: string
  readonly side: "entry" | "exit"
  readonly reason: SignalReason
  /** The start of the candle that signalled. */
  readonly time: number
  readonly price: number
}

export interface Replay {
  readonly signals: ReadonlyArray<LiveSignal>
  /** The latest closed candle read, of any symbol; null before the first one after the start. */
  readonly lastBar: number | null
}

/** A price to the 10 places the database keeps (the engine's floats carry noise below). */
const places = (n: number) => Number(n.toFixed(10))

const STOP_REASONS: ReadonlySet<string> = new Set(["stopLoss", "takeProfit", "trailingStop"])

/** Index of `time` in sorted bar times (binary search); -1 when absent. */
const indexOf = (times: Float64Array, time: number) => {
  let lo = 0
  let hi = times.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const t = times[mid] as number
    if (t === time) return mid
    if (t < time) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/**
 * A watch's signals: the strategy played over the closed candles from `startedAt` on, exactly
 * as a backtest of that span would be, except that the last candle is judged too. A rule's
 * signal is priced at its candle's close; a stop or target at its fill. Deterministic: the
 * same candles give the same signals, so a replay on the next candle (or on another replica)
 * finds the earlier ones again, unchanged.
 */
export function* replaySteps(
  document: StrategyDocument,
  bars: ReadonlyMap<string, Bars>,
  startedAt: number,
  initialCapital: number
): Generator<number, Replay> {
  let lastBar: number | null = null
  for (const series of bars.values()) {
    const last = series.time[series.time.length - 1]
    if (last !== undefined && last >= startedAt && (lastBar === null || last > lastBar))
      lastBar = last
  }
  if (lastBar === null) return { signals: [], lastBar }
  let result: BacktestResult
  try {
    result = yield* backtestSteps({ document, bars, from: startedAt, initialCapital, live: true })
  } catch (error) {
    if (error instanceof NoBars) return { signals: [], lastBar }
    throw error
  }
  const ruled = result.signals.map((s): LiveSignal => {
    const series = bars.get(s.symbol) as Bars
    return {
      symbol: s.symbol,
      side: s.side,
      reason: "rule",
      time: s.time,
      price: places(series.close[indexOf(series.time, s.time)] as number)
    }
  })
  const stopped = result.trades
    .filter((t) => STOP_REASONS.has(t.exitReason))
    .map(
      (t): LiveSignal => ({
        symbol: t.symbol,
        side: "exit",
        reason: t.exitReason as SignalReason,
        time: t.exitTime,
        price: places(t.exitPrice)
      })
    )
  const signals = [...ruled, ...stopped].sort(
    (a, b) => a.time - b.time || a.symbol.localeCompare(b.symbol) || a.side.localeCompare(b.side)
  )
  return { signals, lastBar }
}

/** A replay run to its end at once (tests, benchmarks); the tick runs it in slices. */
export const replayWatch = (
  document: StrategyDocument,
  bars: ReadonlyMap<string, Bars>,
  startedAt: number,
  initialCapital: number
): Replay => finish(replaySteps(document, bars, startedAt, initialCapital))
