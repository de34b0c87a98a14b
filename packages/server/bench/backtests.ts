// The strategy cores timed on generated candles (no database): a year of 1-minute candles
// through a four-indicator strategy, 100 parameter sets over a year of hourly candles, and the
// event-loop delay while a backtest runs in slices as the backtest job runs it, and a live watch's
// replay at its limit. Figures only.
import { monitorEventLoopDelay } from "node:perf_hooks"
import { StrategyDocument, type StrategyDocumentEncoded } from "@trading-app/domain"
import { Schema } from "effect"
import { replayWatch } from "../src/Signals/Live.js"
import { MAX_WATCH_BARS } from "../src/Signals/WatchTick.js"
import { backtestSteps, runBacktest } from "../src/Strategies/Backtest.js"
import { type Bars, barsOf } from "../src/Strategies/Bars.js"
import { MAX_BACKTEST_BARS } from "../src/Strategies/Inputs.js"
import { evaluateSet, parameterSets } from "../src/Strategies/Search.js"

const MINUTE = 60_000
const HOUR = 3_600_000

/** A seeded random walk with some swing, so the rules fire now and then. */
const walk = (n: number, step: number): Bars => {
  let state = 42
  const random = () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0
    return state / 4_294_967_296
  }
  let price = 100
  const rows = Array.from({ length: n }, (_, i) => {
    const open = price
    price = Math.max(1, price * (1 + (random() - 0.5) * 0.004 + 0.0005 * Math.sin(i / 500)))
    return {
      time: i * step,
      open,
      high: Math.max(open, price) * (1 + random() * 0.001),
      low: Math.min(open, price) * (1 - random() * 0.001),
      close: price,
      volume: 1 + random() * 10
    }
  })
  return barsOf(rows)
}

const strategy: StrategyDocumentEncoded = {
  schemaVersion: 1,
  symbols: ["X"],
  timeframe: "1m",
  entry: {
    rule: "all",
    of: [
      {
        rule: "cross",
        left: { indicator: "ema", period: 12 },
        crosses: "above",
        right: { indicator: "sma", period: 50 }
      },
      { rule: "compare", left: { indicator: "rsi", period: 14 }, is: "<", right: { value: 70 } }
    ]
  },
  exit: {
    rule: "any",
    of: [
      {
        rule: "compare",
        left: { price: "close" },
        is: "<",
        right: { indicator: "bollinger", period: 20, deviations: 2, line: "lower" }
      },
      {
        rule: "cross",
        left: { indicator: "ema", period: 12 },
        crosses: "below",
        right: { indicator: "sma", period: 50 }
      }
    ]
  },
  sizing: { type: "percentOfEquity", percent: 100 },
  stopLossPercent: 2,
  trailingStopPercent: 3
}

const median = (xs: Array<number>) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

export const benchBacktests = async () => {
  console.log("\nStrategy cores (generated candles, no database)")
  const minutes = walk(525_600, MINUTE)
  const document = Schema.decodeSync(StrategyDocument)(strategy)
  const input = { document, bars: new Map([["X", minutes]]), from: 0, initialCapital: 10_000 }
  const times: Array<number> = []
  let trades = 0
  const rssBefore = process.memoryUsage().rss
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    trades = runBacktest(input).trades.length
    times.push(performance.now() - started)
  }
  const rss = (process.memoryUsage().rss - rssBefore) / 1024 / 1024
  console.log(
    `  a year of 1-minute candles (525,600), EMA, SMA, RSI and Bollinger rules: ${median(times).toFixed(0)} ms (median of 3; target ≤ 1,000 ms), ${trades} trades, RSS +${rss.toFixed(0)} MB`
  )

  // The memory of a test at the limit (what CandleBudget lets one process hold at once): the
  // heap and buffers it adds over its candles, sampled while it runs.
  {
    const limit = walk(MAX_BACKTEST_BARS, MINUTE)
    const used = () => {
      const m = process.memoryUsage()
      return m.heapUsed + m.arrayBuffers
    }
    const before = used()
    let peak = before
    const sample = setInterval(() => {
      peak = Math.max(peak, used())
    }, 2)
    const at = performance.now()
    const steps = backtestSteps({ ...input, bars: new Map([["X", limit]]) })
    // Paused now and then, as the job runs it, so the sampler sees it mid-run.
    for (;;) {
      peak = Math.max(peak, used())
      if (steps.next().done) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    clearInterval(sample)
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)
    console.log(
      `  a test at the limit (${MAX_BACKTEST_BARS.toLocaleString("en")} candles): ${(performance.now() - at).toFixed(0)} ms, +${mb(peak - before)} MB of heap and buffers while it runs, over the candles' own ${mb(6 * 8 * MAX_BACKTEST_BARS)} MB`
    )
  }

  const hours = walk(8_766, HOUR)
  const hourly = { ...strategy, timeframe: "1h" as const }
  const sets = parameterSets(
    [
      { path: "entry.of.0.left.period", from: 5, to: 50, step: 5 },
      { path: "entry.of.0.right.period", from: 20, to: 200, step: 20 }
    ],
    "grid",
    0,
    1
  )
  const started = performance.now()
  for (const values of sets)
    evaluateSet({
      document: hourly,
      paths: ["entry.of.0.left.period", "entry.of.0.right.period"],
      values,
      bars: new Map([["X", hours]]),
      from: 0,
      split: 6_136 * HOUR,
      initialCapital: 10_000
    })
  console.log(
    `  ${sets.length} parameter sets over a year of hourly candles, each in and out of sample: ${((performance.now() - started) / 1000).toFixed(2)} s in one process (target ≤ 10 s on 2 cores)`
  )

  // The job's way: slices with a pause between them, while a timer ticks like requests would.
  const delay = monitorEventLoopDelay({ resolution: 5 })
  let ticks = 0
  const timer = setInterval(() => ticks++, 10)
  delay.enable()
  const sliced = performance.now()
  const steps = backtestSteps(input)
  for (;;) {
    if (steps.next().done) break
    await new Promise((resolve) => setImmediate(resolve))
  }
  const slicedMs = performance.now() - sliced
  delay.disable()
  clearInterval(timer)
  console.log(
    `  the same year in slices, as the backtest job runs it: ${slicedMs.toFixed(0)} ms; event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms (a 10 ms timer ticked ${ticks} times)`
  )

  // A watch replays its whole span on each closed candle, up to its limit of candles.
  const span = walk(MAX_WATCH_BARS, MINUTE)
  const replays: Array<number> = []
  let signals = 0
  for (let i = 0; i < 3; i++) {
    const at = performance.now()
    signals = replayWatch(document, new Map([["X", span]]), 0, 10_000).signals.length
    replays.push(performance.now() - at)
  }
  console.log(
    `  a live watch's replay at its limit (${MAX_WATCH_BARS.toLocaleString("en")} 1-minute candles): ${median(replays).toFixed(0)} ms (median of 3), ${signals} signals`
  )
}
