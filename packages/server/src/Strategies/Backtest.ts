import type { StrategyDocument } from "@trading-app/domain"
import type { Bars } from "./Bars.js"
import { indicatorKey, indicatorSeriesSteps } from "./Indicators.js"
import { computeMetrics, type Metrics } from "./Metrics.js"
import { compileRules, indicatorsOf, type Lines, type Rule, rulesWarmUp } from "./Rules.js"

export type ExitReason = "signal" | "stopLoss" | "takeProfit" | "trailingStop" | "end"

export interface Trade {
  readonly symbol: string
  readonly entryTime: number
  readonly exitTime: number
  /** The mean fill price of its entries (slippage in, fees not). */
  readonly entryPrice: number
  readonly exitPrice: number
  readonly quantity: number
  readonly entries: number
  /** Net of every fee of the trade. */
  readonly pnl: number
  /** pnl over what the entries cost, fees included. */
  readonly returnPercent: number
  readonly fees: number
  readonly bars: number
  readonly exitReason: ExitReason
}

/** A rule that fired at a bar's close; its order fills at the next bar's open. */
export interface Signal {
  readonly time: number
  readonly symbol: string
  readonly side: "entry" | "exit"
}

export interface BacktestInput {
  readonly document: StrategyDocument
  /** Each symbol's bars, oldest first, from early enough to warm the indicators up. */
  readonly bars: ReadonlyMap<string, Bars>
  /** The first bar that may trade and count (epoch ms); earlier bars only warm up. */
  readonly from: number
  readonly initialCapital: number
  /**
   * Played as the live market is: the last bar is judged too (its orders would fill at an open
   * still to come) and nothing is sold at the end.
   */
  readonly live?: boolean
}

export interface BacktestResult {
  readonly metrics: Metrics
  /** Every step of the test: time, equity, buy-and-hold equity, drawdown (fraction). */
  readonly times: Float64Array
  readonly equity: Float64Array
  readonly buyAndHold: Float64Array
  readonly trades: ReadonlyArray<Trade>
  readonly signals: ReadonlyArray<Signal>
  readonly warmUpBars: number
}

interface Position {
  symbol: string
  bars: Bars
  entry: Rule
  exit: Rule | undefined
  /** Index of the next bar to play. */
  cursor: number
  quantity: number
  /** Quantity × fill price of the entries; cost adds their fees. */
  filled: number
  cost: number
  fees: number
  entries: number
  entryTime: number
  entryIndex: number
  /** The highest price since entry, for a trailing stop. */
  peak: number
  pendingEntry: number | null
  pendingExit: boolean
  lastClose: number
  holdUnits: number
}

/**
 * Plays a long-only strategy over closed bars. A rule is judged on a bar's close; its order
 * fills at the next bar's open, moved by the slippage against the trader, with the fee on its
 * value. Stops and targets are checked inside each bar: a gap through a stop fills at the open,
 * a stop and a target both inside one bar count as the stop (the worse case), a target fills at
 * its price. Warm-up bars feed the indicators but never trade or count. What is still held at
 * the end is sold at the last close. Everything is computed from the input alone, so the same
 * input gives the same result.
 */
export function* backtestSteps(input: BacktestInput): Generator<number, BacktestResult> {
  const { document, from, initialCapital } = input
  const fee = document.feePercent / 100
  const slip = document.slippagePercent / 100
  const warmUp = rulesWarmUp([document.entry, document.exit])

  // Each instrument's first bar that is in the range and past the warm-up.
  const ready = new Map<string, number>()
  for (const symbol of document.symbols) {
    const bars = input.bars.get(symbol)
    if (bars === undefined) continue
    let first = 0
    while (first < bars.time.length && (bars.time[first] as number) < from) first++
    const index = Math.max(first, warmUp - 1)
    if (index < bars.time.length) ready.set(symbol, index)
  }
  if (ready.size === 0) throw new NoBars()
  // The test begins when every instrument can trade; its steps are the times of their bars.
  const begin = Math.max(
    ...[...ready].map(([symbol, i]) => input.bars.get(symbol)?.time[i] as number)
  )
  const positions: Array<Position> = []
  const stepTimes: Array<Float64Array> = []
  for (const [symbol, index] of ready) {
    const bars = input.bars.get(symbol) as Bars
    let start = index
    while (start < bars.time.length && (bars.time[start] as number) < begin) start++
    if (start >= bars.time.length) continue
    stepTimes.push(bars.time.subarray(start))
    // The lines first, in slices, then the rules that read them.
    const lines: Lines = new Map()
    for (const spec of indicatorsOf([document.entry, document.exit])) {
      lines.set(indicatorKey(spec), yield* pauses(indicatorSeriesSteps(spec, bars)))
    }
    const rules = compileRules(bars, start, lines)
    const firstOpen = bars.open[start] as number
    positions.push({
      symbol,
      bars,
      entry: rules(document.entry),
      exit: document.exit === undefined ? undefined : rules(document.exit),
      cursor: start,
      quantity: 0,
      filled: 0,
      cost: 0,
      fees: 0,
      entries: 0,
      entryTime: 0,
      entryIndex: 0,
      peak: 0,
      pendingEntry: null,
      pendingExit: false,
      lastClose: firstOpen,
      // Buy and hold: an equal share of the capital in each instrument, at its first open.
      holdUnits: initialCapital / ready.size / firstOpen
    })
  }
  const times = mergeTimes(stepTimes)
  const equity = new Float64Array(times.length)
  const buyAndHold = new Float64Array(times.length)

  let cash = initialCapital
  const trades: Array<Trade> = []
  const signals: Array<Signal> = []
  let exposedSteps = 0

  const equityNow = () => positions.reduce((sum, p) => sum + p.quantity * p.lastClose, cash)

  const sell = (p: Position, index: number, price: number, reason: ExitReason) => {
    const proceeds = p.quantity * price
    const exitFee = proceeds * fee
    cash += proceeds - exitFee
    const pnl = proceeds - exitFee - p.cost
    trades.push({
      symbol: p.symbol,
      entryTime: p.entryTime,
      exitTime: p.bars.time[index] as number,
      entryPrice: p.filled / p.quantity,
      exitPrice: price,
      quantity: p.quantity,
      entries: p.entries,
      pnl,
      returnPercent: (pnl / p.cost) * 100,
      fees: p.fees + exitFee,
      bars: index - p.entryIndex,
      exitReason: reason
    })
    p.quantity = 0
    p.filled = 0
    p.cost = 0
    p.fees = 0
    p.entries = 0
  }

  const buy = (p: Position, index: number, amount: number) => {
    const price = (p.bars.open[index] as number) * (1 + slip)
    const spend = Math.min(amount, cash)
    const quantity = spend / (price * (1 + fee))
    if (!(quantity > 0)) return
    const entryFee = quantity * price * fee
    cash -= quantity * price + entryFee
    if (p.quantity === 0) {
      p.entryTime = p.bars.time[index] as number
      p.entryIndex = index
      p.peak = price
    }
    p.quantity += quantity
    p.filled += quantity * price
    p.cost += quantity * price + entryFee
    p.fees += entryFee
    p.entries++
  }

  /** A stop or target hit inside bar `i` of a position held at its open. */
  const protect = (p: Position, i: number) => {
    const { open, high, low } = p.bars
    const average = p.filled / p.quantity
    const stopLoss =
      document.stopLossPercent === undefined
        ? -Infinity
        : average * (1 - document.stopLossPercent / 100)
    const trailing =
      document.trailingStopPercent === undefined
        ? -Infinity
        : p.peak * (1 - document.trailingStopPercent / 100)
    const stop = Math.max(stopLoss, trailing)
    const stopReason: ExitReason = trailing > stopLoss ? "trailingStop" : "stopLoss"
    const target =
      document.takeProfitPercent === undefined
        ? Infinity
        : average * (1 + document.takeProfitPercent / 100)
    const o = open[i] as number
    if (o <= stop) return sell(p, i, o * (1 - slip), stopReason)
    if (o >= target) return sell(p, i, o, "takeProfit")
    if ((low[i] as number) <= stop) return sell(p, i, stop * (1 - slip), stopReason)
    if ((high[i] as number) >= target) return sell(p, i, target, "takeProfit")
    // Only now may this bar's high raise the trailing stop: inside the bar, the order of high
    // and low is unknown, and the worse case for the trader is assumed.
    p.peak = Math.max(p.peak, high[i] as number)
  }

  for (let step = 0; step < times.length; step++) {
    // A pause now and then, with the share done, so a caller can let other work run.
    if (step % SLICE === 0) yield step / times.length
    const t = times[step] as number
    for (const p of positions) {
      const i = p.cursor
      if (i >= p.bars.time.length || p.bars.time[i] !== t) continue
      p.cursor++
      if (p.pendingExit && p.quantity > 0)
        sell(p, i, (p.bars.open[i] as number) * (1 - slip), "signal")
      p.pendingExit = false
      if (p.pendingEntry !== null) buy(p, i, p.pendingEntry)
      p.pendingEntry = null
      if (p.quantity > 0) protect(p, i)
      p.lastClose = p.bars.close[i] as number
      // The last bar of a test has no next open to fill at.
      if (i + 1 >= p.bars.time.length && input.live !== true) continue
      if (p.quantity > 0 && p.exit?.(i)) {
        p.pendingExit = true
        signals.push({ time: t, symbol: p.symbol, side: "exit" })
      } else if (p.entries < document.maxEntries && p.entry(i)) {
        const sizing = document.sizing
        p.pendingEntry =
          sizing.type === "fixed" ? sizing.amount : (equityNow() * sizing.percent) / 100
        signals.push({ time: t, symbol: p.symbol, side: "entry" })
      }
    }
    if (step === times.length - 1 && input.live !== true)
      for (const p of positions)
        if (p.quantity > 0) sell(p, p.cursor - 1, p.lastClose * (1 - slip), "end")
    equity[step] = equityNow()
    buyAndHold[step] = positions.reduce((sum, p) => sum + p.holdUnits * p.lastClose, 0)
    if (positions.some((p) => p.quantity > 0)) exposedSteps++
  }

  const last = buyAndHold.length - 1
  return {
    metrics: computeMetrics({
      times,
      equity,
      exposedSteps,
      trades,
      buyAndHoldPercent: ((buyAndHold[last] as number) / initialCapital - 1) * 100
    }),
    times,
    equity,
    buyAndHold,
    trades,
    signals,
    warmUpBars: warmUp
  }
}

/**
 * The union of sorted time columns, sorted and without repeats: the steps of a test. Merged in
 * place of a Set of millions of numbers, which would cost a hundred megabytes of heap.
 */
export const mergeTimes = (columns: ReadonlyArray<Float64Array>): Float64Array => {
  if (columns.length === 1) return columns[0] as Float64Array
  const out = new Float64Array(columns.reduce((n, c) => n + c.length, 0))
  const at = columns.map(() => 0)
  let n = 0
  for (;;) {
    let next = Infinity
    for (let k = 0; k < columns.length; k++) {
      const t = (columns[k] as Float64Array)[at[k] as number]
      if (t !== undefined && t < next) next = t
    }
    if (next === Infinity) return out.subarray(0, n)
    out[n++] = next
    for (let k = 0; k < columns.length; k++)
      if ((columns[k] as Float64Array)[at[k] as number] === next) at[k] = (at[k] as number) + 1
  }
}

/** Steps between pauses: a few milliseconds of work. */
const SLICE = 5_000

/** Passes another generator's pauses on as pauses of a backtest (share done: 0). */
function* pauses<A>(steps: Generator<void, A>): Generator<number, A> {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
    yield 0
  }
}

/** Runs stepwise work to its end without pausing. */
export const finish = <A>(steps: Generator<unknown, A>): A => {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

/** Runs a backtest to its end without pausing. */
export const runBacktest = (input: BacktestInput): BacktestResult => finish(backtestSteps(input))

/** No instrument has a bar in the range after its warm-up. */
export class NoBars extends Error {
  constructor() {
    super("No instrument has candles in this range after the indicators' warm-up")
  }
}
