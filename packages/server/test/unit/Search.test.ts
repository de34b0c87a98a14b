import { describe, expect, it } from "@effect/vitest"
import { StrategyDocument, type StrategyDocumentEncoded } from "@trading-app/domain"
import { Schema } from "effect"
import { runBacktest } from "../../src/Strategies/Backtest.js"
import { barsOf, firstBars } from "../../src/Strategies/Bars.js"
import {
  evaluateSet,
  figuresOf,
  gridSize,
  gridValues,
  parameterSets,
  valueAt,
  withValues
} from "../../src/Strategies/Search.js"

const DAY = 86_400_000
const document: StrategyDocumentEncoded = {
  schemaVersion: 1,
  symbols: ["X"],
  timeframe: "1d",
  entry: {
    rule: "cross",
    left: { indicator: "sma", period: 5 },
    crosses: "above",
    right: { indicator: "sma", period: 20 }
  },
  exit: {
    rule: "cross",
    left: { indicator: "sma", period: 5 },
    crosses: "below",
    right: { indicator: "sma", period: 20 }
  },
  sizing: { type: "percentOfEquity", percent: 100 },
  feePercent: 0.1,
  slippagePercent: 0
}

describe("parameter sets", () => {
  it.each([
    [{ path: "a", from: 5, to: 20, step: 5 }, [5, 10, 15, 20]],
    [{ path: "a", from: 0.1, to: 0.5, step: 0.1 }, [0.1, 0.2, 0.3, 0.4, 0.5]],
    [{ path: "a", from: 1, to: 2, step: 0.4 }, [1, 1.4, 1.8]],
    [{ path: "a", from: 3, to: 1, step: 1 }, []]
  ])("a range in steps: %o", (parameter, values) => {
    expect(gridValues(parameter)).toEqual(values)
  })

  it("a grid is every combination, the first parameter slowest", () => {
    const parameters = [
      { path: "a", from: 1, to: 2, step: 1 },
      { path: "b", from: 10, to: 30, step: 10 }
    ]
    expect(gridSize(parameters)).toBe(6)
    expect(parameterSets(parameters, "grid", 0, 1)).toEqual([
      [1, 10],
      [1, 20],
      [1, 30],
      [2, 10],
      [2, 20],
      [2, 30]
    ])
  })

  it("a random search draws distinct sets of the grid, the same for the same seed", () => {
    const parameters = [
      { path: "a", from: 1, to: 10, step: 1 },
      { path: "b", from: 1, to: 10, step: 1 }
    ]
    const drawn = parameterSets(parameters, "random", 20, 7)
    expect(drawn).toHaveLength(20)
    expect(new Set(drawn.map((s) => s.join())).size).toBe(20)
    expect(parameterSets(parameters, "random", 20, 7)).toEqual(drawn)
    expect(parameterSets(parameters, "random", 20, 8)).not.toEqual(drawn)
    expect(gridSize([...parameters, { path: "c", from: 1, to: 10, step: 1 }])).toBe(501)
  })

  it("values go into a copy of the document at their paths", () => {
    const changed = withValues(document, ["entry.left.period", "exit.right.period"], [8, 30])
    expect(valueAt(changed, "entry.left.period")).toBe(8)
    expect(valueAt(changed, "exit.right.period")).toBe(30)
    expect(valueAt(document, "entry.left.period")).toBe(5)
    expect(valueAt(document, "entry.of.3.period")).toBeUndefined()
  })
})

describe("a set's evaluation", () => {
  const closes = Array.from({ length: 300 }, (_, i) => 100 + 15 * Math.sin(i / 11) + i / 20)
  const bars = barsOf(
    closes.map((close, i) => ({
      time: i * DAY,
      open: closes[i - 1] ?? close,
      high: close + 1,
      low: close - 1,
      close,
      volume: 1
    }))
  )
  const split = 200 * DAY

  it("tests in sample on the candles before the split only, and out of sample after it", () => {
    const result = evaluateSet({
      document,
      paths: ["entry.left.period", "exit.left.period"],
      values: [8, 8],
      bars: new Map([["X", bars]]),
      from: 0,
      split,
      initialCapital: 1000
    })
    const decoded = Schema.decodeUnknownSync(StrategyDocument)(
      withValues(document, ["entry.left.period", "exit.left.period"], [8, 8])
    )
    const inSample = runBacktest({
      document: decoded,
      bars: new Map([["X", firstBars(bars, 200)]]),
      from: 0,
      initialCapital: 1000
    })
    const outOfSample = runBacktest({
      document: decoded,
      bars: new Map([["X", bars]]),
      from: split,
      initialCapital: 1000
    })
    expect(result).toEqual({
      inSample: figuresOf(inSample.metrics),
      outOfSample: figuresOf(outOfSample.metrics),
      error: null
    })
    expect(outOfSample.times[0]).toBe(split)
    expect(inSample.times.at(-1)).toBe(split - DAY)
  })

  it("says why a set cannot be tested", () => {
    const result = evaluateSet({
      document,
      paths: ["entry.left.period"],
      values: [0],
      bars: new Map([["X", bars]]),
      from: 0,
      split,
      initialCapital: 1000
    })
    expect(result.error).toBe("entry.left.period: period must be a whole number from 1 to 1000")
  })
})
