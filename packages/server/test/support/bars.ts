import { barsOf } from "../../src/Strategies/Bars.js"

export const DAY = 86_400_000

/** A candle written as [open, high, low, close]. */
export type Ohlc = readonly [open: number, high: number, low: number, close: number]

/** A candle that never moved from `price`. */
export const flat = (price: number): Ohlc => [price, price, price, price]

/** Daily candles from day 0 (the epoch), one per row, each of volume 1. */
export const daily = (rows: ReadonlyArray<Ohlc>) =>
  barsOf(
    rows.map(([open, high, low, close], i) => ({
      time: i * DAY,
      open,
      high,
      low,
      close,
      volume: 1
    }))
  )
