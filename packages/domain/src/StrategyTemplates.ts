import { Schema } from "effect"
import { StrategyDocument, type StrategyDocumentEncoded } from "./Strategy.js"

export const StrategyTemplate = Schema.Struct({
  key: Schema.String,
  name: Schema.String,
  description: Schema.String,
  document: StrategyDocument
}).annotations({ identifier: "StrategyTemplate" })
export type StrategyTemplate = typeof StrategyTemplate.Type

export const StrategyTemplateList = Schema.Struct({
  items: Schema.Array(StrategyTemplate)
}).annotations({ identifier: "StrategyTemplateList" })

const template = (
  key: string,
  name: string,
  description: string,
  document: Omit<StrategyDocumentEncoded, "schemaVersion" | "symbols">
): StrategyTemplate => ({
  key,
  name,
  description,
  document: Schema.decodeSync(StrategyDocument)({
    schemaVersion: 1,
    symbols: ["BTC-USD"],
    ...document
  })
})

/** Well-known starting points; the user picks the instruments and tunes the figures. */
export const STRATEGY_TEMPLATES: ReadonlyArray<StrategyTemplate> = [
  template(
    "sma-crossover",
    "SMA crossover",
    "Buy when the 20-bar average crosses above the 50-bar one; sell when it crosses back below.",
    {
      timeframe: "1d",
      entry: {
        rule: "cross",
        left: { indicator: "sma", period: 20 },
        crosses: "above",
        right: { indicator: "sma", period: 50 }
      },
      exit: {
        rule: "cross",
        left: { indicator: "sma", period: 20 },
        crosses: "below",
        right: { indicator: "sma", period: 50 }
      },
      sizing: { type: "percentOfEquity", percent: 100 }
    }
  ),
  template(
    "rsi-mean-reversion",
    "RSI mean reversion",
    "Buy when the 14-bar RSI falls below 30; sell when it rises above 70. A 10% stop limits a trend against you.",
    {
      timeframe: "1h",
      entry: {
        rule: "compare",
        left: { indicator: "rsi", period: 14 },
        is: "<",
        right: { value: 30 }
      },
      exit: {
        rule: "compare",
        left: { indicator: "rsi", period: 14 },
        is: ">",
        right: { value: 70 }
      },
      sizing: { type: "percentOfEquity", percent: 50 },
      stopLossPercent: 10
    }
  ),
  template(
    "bollinger-breakout",
    "Bollinger breakout",
    "Buy when the close breaks above the upper band (20 bars, 2 deviations); sell when it falls back under the middle band. A 5% trailing stop follows the price up.",
    {
      timeframe: "4h",
      entry: {
        rule: "cross",
        left: { price: "close" },
        crosses: "above",
        right: { indicator: "bollinger", period: 20, deviations: 2, line: "upper" }
      },
      exit: {
        rule: "compare",
        left: { price: "close" },
        is: "<",
        right: { indicator: "bollinger", period: 20, deviations: 2, line: "middle" }
      },
      sizing: { type: "percentOfEquity", percent: 100 },
      trailingStopPercent: 5
    }
  ),
  template(
    "periodic-dca",
    "Periodic DCA",
    "Buy a fixed amount every 7 bars of a day, whatever the price, and hold.",
    {
      timeframe: "1d",
      entry: { rule: "every", bars: 7 },
      sizing: { type: "fixed", amount: 100 },
      maxEntries: 100_000
    }
  )
]
