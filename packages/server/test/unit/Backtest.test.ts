import { describe, expect, it } from "@effect/vitest"
import { StrategyDocument, type StrategyDocumentEncoded } from "@trading-app/domain"
import { Schema } from "effect"
import { mergeTimes, runBacktest } from "../../src/Strategies/Backtest.js"
import { firstBars } from "../../src/Strategies/Bars.js"
import { computeMetrics, YEAR_MS } from "../../src/Strategies/Metrics.js"
import { DAY, daily, flat, type Ohlc } from "../support/bars.js"

const strategy = (doc: Partial<StrategyDocumentEncoded>) =>
  Schema.decodeSync(StrategyDocument)({
    schemaVersion: 1,
    symbols: ["X"],
    timeframe: "1d",
    entry: { rule: "compare", left: { price: "close" }, is: ">", right: { value: 10.5 } },
    sizing: { type: "percentOfEquity", percent: 100 },
    feePercent: 0,
    slippagePercent: 0,
    ...doc
  })

const run = (doc: Partial<StrategyDocumentEncoded>, rows: ReadonlyArray<Ohlc>, capital = 1000) =>
  runBacktest({
    document: strategy(doc),
    bars: new Map([["X", daily(rows)]]),
    from: 0,
    initialCapital: capital
  })

const close = (x: number | null) => (x === null ? null : Number(x.toFixed(4)))

describe("a backtest", () => {
  it("fills a signal at the next open, with the fee on each fill", () => {
    // Entry on bar 1's close (11 > 10.5), bought at bar 2's open of 12 with all 1,000 less
    // the 1% fee: 1000 / 12.12 = 82.5083 units. Exit on bar 3's close (10 < 10.5), sold at
    // bar 4's open of 9: 82.5083 · 9 · 0.99 = 735.1485, so -26.4851%.
    const result = run(
      {
        exit: { rule: "compare", left: { price: "close" }, is: "<", right: { value: 10.5 } },
        feePercent: 1
      },
      [flat(10), [10, 11, 10, 11], flat(12), [13, 13, 9, 10], flat(9)]
    )
    expect(result.signals).toEqual([
      { time: DAY, symbol: "X", side: "entry" },
      { time: 3 * DAY, symbol: "X", side: "exit" }
    ])
    const [trade] = result.trades
    expect(trade).toMatchObject({ entryTime: 2 * DAY, exitTime: 4 * DAY, entryPrice: 12 })
    expect(trade?.exitPrice).toBe(9)
    expect(close(trade?.quantity ?? 0)).toBe(82.5083)
    expect(close(trade?.pnl ?? 0)).toBe(-264.8515)
    expect(close(trade?.returnPercent ?? 0)).toBe(-26.4851)
    expect(trade?.exitReason).toBe("signal")
    // Equity: 1000, 1000, 990.0990 (the fee paid), 825.0825, 735.1485.
    expect(Array.from(result.equity, close)).toEqual([1000, 1000, 990.099, 825.0825, 735.1485])
    const m = result.metrics
    expect(close(m.totalReturnPercent)).toBe(-26.4851)
    expect(close(m.maxDrawdownPercent)).toBe(26.4851)
    expect(m.maxDrawdownDays).toBe(4)
    expect(m.exposurePercent).toBe(40)
    expect(m.trades).toBe(1)
    expect(m.winRatePercent).toBe(0)
    expect(m.profitFactor).toBe(0)
    expect(close(m.expectancy)).toBe(-264.8515)
    // Buy and hold from the first open (10) to the last close (9).
    expect(close(m.buyAndHoldPercent)).toBe(-10)
  })

  it("moves each fill by the slippage against the trader", () => {
    // Bought at 12 · 1.01 = 12.12 (82.5083 units), sold at 9 · 0.99 = 8.91: the same 735.1485.
    const result = run(
      {
        exit: { rule: "compare", left: { price: "close" }, is: "<", right: { value: 10.5 } },
        slippagePercent: 1
      },
      [flat(10), [10, 11, 10, 11], flat(12), [13, 13, 9, 10], flat(9)]
    )
    expect(close(result.trades[0]?.entryPrice ?? 0)).toBe(12.12)
    expect(close(result.trades[0]?.exitPrice ?? 0)).toBe(8.91)
    expect(close(result.metrics.endEquity)).toBe(735.1485)
  })

  it.each<[string, Partial<StrategyDocumentEncoded>, Array<Ohlc>, number, string]>([
    // Bought at 100; bar 3 reaches both the 95 stop and the 105 target: the stop is assumed.
    [
      "stop and target in one bar: the stop",
      { stopLossPercent: 5, takeProfitPercent: 5 },
      [flat(10), flat(11), flat(100), [100, 106, 94, 100], flat(100)],
      95,
      "stopLoss"
    ],
    // Bar 3 opens at 90, below the 95 stop: filled at the open, not at the stop.
    [
      "a gap through the stop fills at the open",
      { stopLossPercent: 5 },
      [flat(10), flat(11), flat(100), [90, 91, 85, 88], flat(88)],
      90,
      "stopLoss"
    ],
    [
      "the target fills at its price",
      { takeProfitPercent: 5 },
      [flat(10), flat(11), flat(100), [100, 106, 99, 104], flat(104)],
      105,
      "takeProfit"
    ],
    // Bar 3's high of 120 raises the 10% trailing stop to 108 only after bar 3; bar 4 hits it.
    [
      "a trailing stop follows the highs",
      { trailingStopPercent: 10 },
      [flat(10), flat(11), flat(100), [100, 120, 100, 118], [118, 118, 100, 101], flat(101)],
      108,
      "trailingStop"
    ]
  ])("%s", (_, doc, rows, exitPrice, reason) => {
    const result = run(doc, rows)
    expect(result.trades[0]?.entryPrice).toBe(100)
    expect(result.trades[0]?.exitPrice).toBe(exitPrice)
    expect(result.trades[0]?.exitReason).toBe(reason)
  })

  it("excludes warm-up bars from trading and from the figures", () => {
    // SMA 3 is first defined on bar 2: the test starts there; its first signal fills on bar 3.
    const result = run(
      {
        entry: {
          rule: "compare",
          left: { indicator: "sma", period: 3 },
          is: ">",
          right: { value: 0 }
        }
      },
      [flat(10), flat(10), flat(10), flat(20), flat(20)]
    )
    expect(result.warmUpBars).toBe(3)
    expect(result.times[0]).toBe(2 * DAY)
    expect(result.signals[0]).toEqual({ time: 2 * DAY, symbol: "X", side: "entry" })
    expect(result.trades[0]).toMatchObject({
      entryTime: 3 * DAY,
      entryPrice: 20,
      exitReason: "end"
    })
    // Buy and hold from bar 2's open (10) to the last close (20).
    expect(result.metrics.buyAndHoldPercent).toBe(100)
  })

  it("buys every N bars with a fixed amount, up to maxEntries, as one position", () => {
    // Signals on bars 0, 2, 4; fills at 10 on bars 1, 3, 5; 100 each: 30 units, sold at the end.
    const result = run(
      { entry: { rule: "every", bars: 2 }, sizing: { type: "fixed", amount: 100 }, maxEntries: 10 },
      [flat(10), flat(10), flat(10), flat(10), flat(10), flat(10), flat(12)]
    )
    expect(result.signals.map((s) => s.time / DAY)).toEqual([0, 2, 4])
    expect(result.trades).toHaveLength(1)
    expect(result.trades[0]).toMatchObject({ entries: 3, quantity: 30, exitPrice: 12, pnl: 60 })
    expect(result.metrics.endEquity).toBe(1060)
  })

  it("never looks ahead: cut at T, it gives the same signals before T", () => {
    let price = 100
    const rows: Array<Ohlc> = []
    for (let i = 0; i < 2000; i++) {
      const open = price
      price = price * (1 + 0.02 * Math.sin(i * 1.7) + 0.01 * Math.cos(i * 0.31))
      rows.push([open, Math.max(open, price) * 1.01, Math.min(open, price) * 0.99, price])
    }
    const document = strategy({
      entry: {
        rule: "all",
        of: [
          {
            rule: "cross",
            left: { indicator: "ema", period: 12 },
            crosses: "above",
            right: { indicator: "sma", period: 30 }
          },
          { rule: "compare", left: { indicator: "rsi", period: 14 }, is: "<", right: { value: 70 } }
        ]
      },
      exit: {
        rule: "any",
        of: [
          {
            rule: "cross",
            left: { indicator: "macd", fast: 12, slow: 26, signal: 9, line: "histogram" },
            crosses: "below",
            right: { value: 0 }
          },
          {
            rule: "compare",
            left: { price: "close" },
            is: "<",
            right: { indicator: "bollinger", period: 20, deviations: 2, line: "lower" }
          }
        ]
      },
      stopLossPercent: 4,
      trailingStopPercent: 6,
      feePercent: 0.1,
      slippagePercent: 0.05
    })
    const all = daily(rows)
    const full = runBacktest({
      document,
      bars: new Map([["X", all]]),
      from: 0,
      initialCapital: 1e4
    })
    expect(full.signals.length).toBeGreaterThan(20)
    for (const cut of [500, 1000, 1500]) {
      const part = runBacktest({
        document,
        bars: new Map([["X", firstBars(all, cut)]]),
        from: 0,
        initialCapital: 1e4
      })
      const T = (cut - 1) * DAY
      expect(part.signals).toEqual(full.signals.filter((s) => s.time < T))
      // And the same trades closed before T, to the last figure.
      const closed = (ts: typeof full.trades) => ts.filter((t) => t.exitTime < T)
      expect(closed(part.trades)).toEqual(closed(full.trades))
    }
  })

  it("gives the same result for the same input", () => {
    const rows = Array.from({ length: 60 }, (_, i): Ohlc => flat(10 + (i % 7)))
    const doc = {
      entry: {
        rule: "cross",
        left: { indicator: "sma", period: 3 },
        crosses: "above",
        right: { indicator: "sma", period: 5 }
      },
      exit: {
        rule: "cross",
        left: { indicator: "sma", period: 3 },
        crosses: "below",
        right: { indicator: "sma", period: 5 }
      }
    } as const
    expect(JSON.stringify(run(doc, rows))).toBe(JSON.stringify(run(doc, rows)))
  })
})

describe("backtest figures", () => {
  it("from an equity curve over one year in quarters", () => {
    // Equity 100, 110, 99, 121, 110; returns +10%, -10%, +22.22%, -9.09% (mean 3.2828%,
    // sample sd 15.635%); 4 steps a year, so annual factors are √4 = 2.
    const m = computeMetrics({
      times: Float64Array.from([0, 1, 2, 3, 4], (q) => (q * YEAR_MS) / 4),
      equity: Float64Array.from([100, 110, 99, 121, 110]),
      exposedSteps: 3,
      trades: [
        { pnl: 30, returnPercent: 30 },
        { pnl: -10, returnPercent: -9 },
        { pnl: -10, returnPercent: -11 }
      ],
      buyAndHoldPercent: 5
    })
    expect(close(m.totalReturnPercent)).toBe(10)
    expect(close(m.cagrPercent)).toBe(10)
    // 15.635% · 2.
    expect(close(m.volatilityPercent)).toBe(31.2701)
    // 3.2828 / 15.635 · 2.
    expect(close(m.sharpe)).toBe(0.4199)
    // Downside deviation √((0.1² + 0.0909²)/4) = 6.7572%: 3.2828 / 6.7572 · 2.
    expect(close(m.sortino)).toBe(0.9716)
    // From 110 down to 99 is the deepest (10%), back at 110 or more a quarter later.
    expect(close(m.maxDrawdownPercent)).toBe(10)
    expect(close(m.maxDrawdownDays)).toBe(close(YEAR_MS / 2 / 86_400_000))
    // CAGR 10% over a 10% drawdown.
    expect(close(m.calmar)).toBe(1)
    expect(m.exposurePercent).toBe(60)
    expect(close(m.winRatePercent)).toBe(33.3333)
    expect(m.profitFactor).toBe(1.5)
    expect(close(m.expectancy)).toBe(3.3333)
    expect(close(m.averageTradePercent)).toBe(3.3333)
    expect(m.bestTradePercent).toBe(30)
    expect(m.worstTradePercent).toBe(-11)
  })

  it("leaves undefined figures null rather than dividing by zero", () => {
    const m = computeMetrics({
      times: Float64Array.from([0, DAY]),
      equity: Float64Array.from([100, 100]),
      exposedSteps: 0,
      trades: [],
      buyAndHoldPercent: 0
    })
    expect(m).toMatchObject({
      totalReturnPercent: 0,
      sharpe: null,
      sortino: null,
      calmar: null,
      maxDrawdownPercent: 0,
      maxDrawdownDays: 0,
      winRatePercent: null,
      profitFactor: null,
      expectancy: null
    })
  })
})

describe("a test's steps", () => {
  it.each([
    [[[1, 2, 3]], [1, 2, 3]],
    [
      [
        [1, 3, 5],
        [2, 3, 6]
      ],
      [1, 2, 3, 5, 6]
    ],
    [
      [[1, 2], [], [2, 4]],
      [1, 2, 4]
    ],
    [[[], []], []]
  ])("merge %o into %o", (columns, expected) => {
    expect([...mergeTimes(columns.map((c) => Float64Array.from(c)))]).toEqual(expected)
  })
})
