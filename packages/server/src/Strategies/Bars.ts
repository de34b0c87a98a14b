/**
 * Candles of one instrument as columns of plain numbers, oldest first: the form the indicator
 * and backtest cores read fastest. `time` is each bar's start in epoch milliseconds.
 */
export interface Bars {
  readonly time: Float64Array
  readonly open: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly close: Float64Array
  readonly volume: Float64Array
}

export interface BarInput {
  readonly time: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

export const barsOf = (rows: ReadonlyArray<BarInput>): Bars => {
  const n = rows.length
  const bars = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n)
  }
  rows.forEach((row, i) => {
    bars.time[i] = row.time
    bars.open[i] = row.open
    bars.high[i] = row.high
    bars.low[i] = row.low
    bars.close[i] = row.close
    bars.volume[i] = row.volume
  })
  return bars
}

/** The first `n` bars (a view, not a copy). */
export const firstBars = (bars: Bars, n: number): Bars => ({
  time: bars.time.subarray(0, n),
  open: bars.open.subarray(0, n),
  high: bars.high.subarray(0, n),
  low: bars.low.subarray(0, n),
  close: bars.close.subarray(0, n),
  volume: bars.volume.subarray(0, n)
})
