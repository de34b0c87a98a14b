import { createHash } from "node:crypto"
import type { BacktestReport, StrategyDocumentEncoded, Timestamp } from "@trading-app/domain"
import type { BacktestResult } from "./Backtest.js"
import type { Bars } from "./Bars.js"

/** Bumped whenever the engine's rules change, so an old hash never vouches for a new report. */
export const ENGINE_VERSION = 1

export const MAX_EQUITY_POINTS = 1000
export const MAX_TRADES = 5000

const iso = (ms: number) => new Date(ms).toISOString() as Timestamp

/**
 * SHA-256 of everything a report depends on: the engine's version, the document, the range,
 * the capital, and every candle given (times and prices as stored bits).
 */
export const contentHash = (input: {
  readonly document: StrategyDocumentEncoded
  readonly from: string
  readonly to: string
  readonly initialCapital: string
  readonly bars: ReadonlyMap<string, Bars>
}): string => {
  const hash = createHash("sha256")
  hash.update(
    JSON.stringify({
      engine: ENGINE_VERSION,
      document: input.document,
      from: input.from,
      to: input.to,
      initialCapital: input.initialCapital
    })
  )
  for (const [symbol, bars] of [...input.bars].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(symbol)
    for (const column of [bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume])
      hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength))
  }
  return hash.digest("hex")
}

/**
 * The stored report: every figure, the equity curve thinned to at most MAX_EQUITY_POINTS evenly
 * spread points (always the first, the last and the deepest drawdown), the first MAX_TRADES
 * trades.
 */
export const reportOf = (
  result: BacktestResult,
  meta: { readonly contentHash: string; readonly currency: string }
): BacktestReport => {
  const { times, equity, buyAndHold } = result
  const n = times.length
  const drawdown = new Float64Array(n)
  let peak = -Infinity
  let deepest = 0
  for (let i = 0; i < n; i++) {
    peak = Math.max(peak, equity[i] as number)
    drawdown[i] = (1 - (equity[i] as number) / peak) * 100
    if ((drawdown[i] as number) > (drawdown[deepest] as number)) deepest = i
  }
  const stride = Math.max(1, Math.ceil(n / (MAX_EQUITY_POINTS - 2)))
  const picked = new Set<number>([deepest, n - 1])
  for (let i = 0; i < n; i += stride) picked.add(i)
  const points = [...picked].sort((a, b) => a - b)
  return {
    engineVersion: ENGINE_VERSION,
    contentHash: meta.contentHash,
    currency: meta.currency,
    firstBar: iso(times[0] as number),
    lastBar: iso(times[n - 1] as number),
    bars: n,
    warmUpBars: result.warmUpBars,
    signals: result.signals.length,
    metrics: result.metrics,
    equity: points.map((i) => ({
      time: iso(times[i] as number),
      equity: equity[i] as number,
      buyAndHold: buyAndHold[i] as number,
      drawdownPercent: drawdown[i] as number
    })),
    trades: result.trades.slice(0, MAX_TRADES).map((t) => ({
      ...t,
      symbol: t.symbol as BacktestReport["trades"][number]["symbol"],
      entryTime: iso(t.entryTime),
      exitTime: iso(t.exitTime)
    })),
    tradesOmitted: Math.max(0, result.trades.length - MAX_TRADES)
  }
}
