/** Figures of a backtest from its equity curve and its closed trades; no I/O. */

export const YEAR_MS = 365.25 * 86_400_000

export interface TradeResult {
  readonly pnl: number
  readonly returnPercent: number
}

export interface Metrics {
  readonly startEquity: number
  readonly endEquity: number
  readonly totalReturnPercent: number
  /** Null when the test spans no time. */
  readonly cagrPercent: number | null
  readonly volatilityPercent: number | null
  readonly sharpe: number | null
  readonly sortino: number | null
  readonly calmar: number | null
  readonly maxDrawdownPercent: number
  /** From the deepest drawdown's peak to its recovery (or to the end, if it did not recover). */
  readonly maxDrawdownDays: number
  readonly exposurePercent: number
  readonly trades: number
  readonly winRatePercent: number | null
  /** Gross profit over gross loss; null without a losing trade. */
  readonly profitFactor: number | null
  /** The mean profit or loss of a trade, in the quote currency. */
  readonly expectancy: number | null
  readonly averageTradePercent: number | null
  readonly bestTradePercent: number | null
  readonly worstTradePercent: number | null
  readonly buyAndHoldPercent: number
}

const mean = (xs: ArrayLike<number>) => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i] as number
  return s / xs.length
}

/**
 * Returns are taken step to step along the curve; annual figures use the steps per year seen
 * in the data (a year of hourly crypto bars has 8,766, of daily stock bars about 252), with no
 * risk-free rate. Volatility is the sample standard deviation; Sortino's downside deviation is
 * the root mean square of the negative returns over all steps.
 */
export const computeMetrics = (input: {
  readonly times: Float64Array
  readonly equity: Float64Array
  readonly exposedSteps: number
  readonly trades: ReadonlyArray<TradeResult>
  readonly buyAndHoldPercent: number
}): Metrics => {
  const { times, equity, trades } = input
  const n = equity.length
  const start = equity[0] as number
  const end = equity[n - 1] as number
  const years = n > 1 ? ((times[n - 1] as number) - (times[0] as number)) / YEAR_MS : 0

  const returns = new Float64Array(Math.max(0, n - 1))
  for (let i = 1; i < n; i++) returns[i - 1] = (equity[i] as number) / (equity[i - 1] as number) - 1
  const perYear = years > 0 ? returns.length / years : 0
  const mu = returns.length > 0 ? mean(returns) : 0
  let variance = 0
  let downside = 0
  for (const r of returns) {
    variance += (r - mu) ** 2
    if (r < 0) downside += r * r
  }
  const sd = returns.length > 1 ? Math.sqrt(variance / (returns.length - 1)) : 0
  const downsideDeviation = returns.length > 0 ? Math.sqrt(downside / returns.length) : 0

  // The deepest drawdown: its depth, its peak, and when equity was first back at that peak.
  let peak = 0
  let maxDrawdown = 0
  let deepestPeak = 0
  let trough = 0
  for (let i = 0; i < n; i++) {
    if ((equity[i] as number) > (equity[peak] as number)) peak = i
    const drawdown = 1 - (equity[i] as number) / (equity[peak] as number)
    if (drawdown > maxDrawdown) {
      maxDrawdown = drawdown
      deepestPeak = peak
      trough = i
    }
  }
  let recovered = n - 1
  for (let i = trough; i < n; i++)
    if ((equity[i] as number) >= (equity[deepestPeak] as number)) {
      recovered = i
      break
    }
  const drawdownDays = ((times[recovered] as number) - (times[deepestPeak] as number)) / 86_400_000

  const cagr = years > 0 && end > 0 ? (end / start) ** (1 / years) - 1 : null
  const wins = trades.filter((t) => t.pnl > 0)
  const grossProfit = wins.reduce((s, t) => s + t.pnl, 0)
  const grossLoss = trades.reduce((s, t) => s + (t.pnl < 0 ? -t.pnl : 0), 0)
  const tradeReturns = trades.map((t) => t.returnPercent)
  const some = trades.length > 0

  return {
    startEquity: start,
    endEquity: end,
    totalReturnPercent: (end / start - 1) * 100,
    cagrPercent: cagr === null ? null : cagr * 100,
    volatilityPercent: perYear > 0 && returns.length > 1 ? sd * Math.sqrt(perYear) * 100 : null,
    sharpe: perYear > 0 && sd > 0 ? (mu / sd) * Math.sqrt(perYear) : null,
    sortino:
      perYear > 0 && downsideDeviation > 0 ? (mu / downsideDeviation) * Math.sqrt(perYear) : null,
    calmar: cagr !== null && maxDrawdown > 0 ? cagr / maxDrawdown : null,
    maxDrawdownPercent: maxDrawdown * 100,
    maxDrawdownDays: maxDrawdown > 0 ? drawdownDays : 0,
    exposurePercent: n > 0 ? (input.exposedSteps / n) * 100 : 0,
    trades: trades.length,
    winRatePercent: some ? (wins.length / trades.length) * 100 : null,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    expectancy: some ? (grossProfit - grossLoss) / trades.length : null,
    averageTradePercent: some ? mean(tradeReturns) : null,
    bestTradePercent: some ? Math.max(...tradeReturns) : null,
    worstTradePercent: some ? Math.min(...tradeReturns) : null,
    buyAndHoldPercent: input.buyAndHoldPercent
  }
}
