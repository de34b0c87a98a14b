import { describe, expect, it } from "@effect/vitest"
import type { IndicatorSpec } from "@trading-app/domain"
import { barsOf, firstBars } from "../../src/Strategies/Bars.js"
import { indicatorSeries, warmUpBars } from "../../src/Strategies/Indicators.js"

const fromCloses = (closes: ReadonlyArray<number>) =>
  barsOf(
    closes.map((close, i) => ({
      time: i * 60_000,
      open: close,
      high: close + 1,
      low: close - 1,
      close,
      volume: 10
    }))
  )

const values = (spec: IndicatorSpec, bars: ReturnType<typeof barsOf>) =>
  Array.from(indicatorSeries(spec, bars), (v) => (Number.isNaN(v) ? null : Number(v.toFixed(4))))

// Wilder's worked RSI example (New Concepts in Technical Trading Systems, 1978), as StockCharts
// reprints it: 14 changes, 9 gains summing 3.34 and 5 losses summing 1.40.
const WILDER = [
  44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28,
  46.28, 46.0
]

describe("indicator lines", () => {
  it.each<[string, IndicatorSpec, ReturnType<typeof barsOf>, Array<number | null>]>([
    // Means of 3: (1+2+3)/3, (2+3+4)/3, (3+4+5)/3.
    ["SMA 3", { indicator: "sma", period: 3 }, fromCloses([1, 2, 3, 4, 5]), [null, null, 2, 3, 4]],
    // Seeded with the first close, k = 2/(3+1): 1, 1.5, 2.25, 3.125; the first 2 are warm-up.
    ["EMA 3", { indicator: "ema", period: 3 }, fromCloses([1, 2, 3, 4]), [null, null, 2.25, 3.125]],
    // avg gain 3.34/14 = 0.238571, avg loss 1.40/14 = 0.1, RS 2.385714: 100 - 100/3.385714 = 70.4641.
    // Then a loss of 0.28: gain 0.238571·13/14, loss (0.1·13 + 0.28)/14, RSI 66.2496.
    [
      "RSI 14 (Wilder)",
      { indicator: "rsi", period: 14 },
      fromCloses(WILDER),
      [...Array<null>(14).fill(null), 70.4641, 66.2496]
    ],
    // Last five closes 4 5 5 7 9: mean 6, population variance 16/5, upper 6 + 2·1.788854 = 9.5777.
    [
      "Bollinger 5, 2 upper",
      { indicator: "bollinger", period: 5, deviations: 2, line: "upper" },
      fromCloses([2, 4, 4, 4, 5, 5, 7, 9]),
      [null, null, null, null, 5.7596, 5.3798, 7.1909, 9.5777]
    ],
    [
      "Bollinger 5, 2 middle",
      { indicator: "bollinger", period: 5, deviations: 2, line: "middle" },
      fromCloses([2, 4, 4, 4, 5, 5, 7, 9]),
      [null, null, null, null, 3.8, 4.4, 5, 6]
    ],
    // True ranges 2, 2, 2 (first ATR 2), then 3: (2·2 + 3)/3 = 2.3333, then 3: (2.3333·2 + 3)/3.
    [
      "ATR 3 (Wilder)",
      { indicator: "atr", period: 3 },
      barsOf(
        [
          [10, 8, 9],
          [11, 9, 10],
          [12, 10, 11],
          [12, 9, 9],
          [10, 7, 8]
        ].map(([high, low, close], i) => ({
          time: i,
          open: close as number,
          high: high as number,
          low: low as number,
          close: close as number,
          volume: 1
        }))
      ),
      [null, null, 2, 2.3333, 2.5556]
    ],
    // Lowest low 8, highest high 12 over 3 bars: (11 - 8)/(12 - 8) = 75%.
    [
      "Stochastic %K 3",
      { indicator: "stochastic", period: 3, smoothing: 1, line: "k" },
      barsOf(
        [
          [10, 8, 9],
          [11, 9, 10],
          [12, 10, 11]
        ].map(([high, low, close], i) => ({
          time: i,
          open: close as number,
          high: high as number,
          low: low as number,
          close: close as number,
          volume: 1
        }))
      ),
      [null, null, 75]
    ],
    // Typical prices 10 and 12 on volumes 100 and 300: (1000 + 3600)/400 = 11.5.
    [
      "VWAP",
      { indicator: "vwap" },
      barsOf([
        { time: 0, open: 10, high: 12, low: 8, close: 10, volume: 100 },
        { time: 1, open: 12, high: 14, low: 10, close: 12, volume: 300 }
      ]),
      [10, 11.5]
    ]
  ])("%s", (_, spec, bars, expected) => {
    expect(values(spec, bars)).toEqual(expected)
  })

  it("MACD: the line is fast EMA minus slow EMA, the histogram the line minus its signal", () => {
    const bars = fromCloses([10, 11, 12, 11, 13, 14, 13, 15, 16, 15, 17, 18])
    const line = indicatorSeries(
      { indicator: "macd", fast: 3, slow: 6, signal: 3, line: "macd" },
      bars
    )
    const fast = indicatorSeries({ indicator: "ema", period: 3 }, bars)
    const slow = indicatorSeries({ indicator: "ema", period: 6 }, bars)
    const signal = indicatorSeries(
      { indicator: "macd", fast: 3, slow: 6, signal: 3, line: "signal" },
      bars
    )
    const histogram = indicatorSeries(
      { indicator: "macd", fast: 3, slow: 6, signal: 3, line: "histogram" },
      bars
    )
    expect(warmUpBars({ indicator: "macd", fast: 3, slow: 6, signal: 3, line: "signal" })).toBe(8)
    expect(Number.isNaN(signal[6])).toBe(true)
    for (let i = 5; i < 12; i++)
      expect(line[i]).toBeCloseTo((fast[i] as number) - (slow[i] as number), 10)
    for (let i = 7; i < 12; i++)
      expect(histogram[i]).toBeCloseTo((line[i] as number) - (signal[i] as number), 10)
  })

  it("never looks ahead: values up to a cut are the same with or without the bars after it", () => {
    const closes = Array.from({ length: 300 }, (_, i) => 100 + 10 * Math.sin(i / 7) + (i % 5))
    const all = fromCloses(closes)
    const specs: Array<IndicatorSpec> = [
      { indicator: "sma", period: 20 },
      { indicator: "ema", period: 12 },
      { indicator: "rsi", period: 14 },
      { indicator: "atr", period: 14 },
      { indicator: "macd", fast: 12, slow: 26, signal: 9, line: "histogram" },
      { indicator: "bollinger", period: 20, deviations: 2, line: "lower" },
      { indicator: "stochastic", period: 14, smoothing: 3, line: "d" },
      { indicator: "vwap" }
    ]
    for (const spec of specs) {
      const full = indicatorSeries(spec, all)
      const cut = indicatorSeries(spec, firstBars(all, 150))
      expect(Array.from(cut), spec.indicator).toEqual(Array.from(full.subarray(0, 150)))
    }
  })
})
