import { STRATEGY_TEMPLATES, StrategyDocument } from "@trading-app/domain"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { numericPaths } from "../src/strategies/numericPaths.js"

describe("numbers of a strategy", () => {
  it("are found at every depth, by path", () => {
    const bollinger = STRATEGY_TEMPLATES[2]?.document
    expect(numericPaths(Schema.encodeSync(StrategyDocument)(bollinger as never))).toEqual([
      { path: "entry.right.period", value: 20 },
      { path: "entry.right.deviations", value: 2 },
      { path: "exit.right.period", value: 20 },
      { path: "exit.right.deviations", value: 2 },
      { path: "sizing.percent", value: 100 },
      { path: "maxEntries", value: 1 },
      { path: "trailingStopPercent", value: 5 },
      { path: "feePercent", value: 0.1 },
      { path: "slippagePercent", value: 0.05 }
    ])
    expect(numericPaths({ entry: { rule: "all", of: [{ rule: "every", bars: 7 }] } })).toEqual([
      { path: "entry.of.0.bars", value: 7 }
    ])
  })
})
