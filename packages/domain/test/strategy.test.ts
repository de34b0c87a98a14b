import { describe, expect, it } from "@effect/vitest"
import {
  STRATEGY_TEMPLATES,
  StrategyDocument,
  StrategyDocumentInput,
  strategyIssues
} from "@trading-app/domain"
import { Either, ParseResult, Schema } from "effect"

const base = {
  schemaVersion: 1,
  symbols: ["btc-usd"],
  timeframe: "1h",
  sizing: { type: "percentOfEquity", percent: 100 },
  entry: {
    rule: "cross",
    left: { indicator: "sma", period: 10 },
    crosses: "above",
    right: { indicator: "sma", period: 30 }
  }
}
const sma = (period: unknown) => ({ indicator: "sma", period })
const compare = (left: unknown, right: unknown, is = ">") => ({ rule: "compare", left, is, right })

const one = (entry: unknown) => ({ ...base, entry })

describe("strategy documents", () => {
  it("decode with their defaults, symbols upper-cased", () => {
    const doc = Schema.decodeUnknownSync(StrategyDocumentInput)(base)
    expect(doc.symbols).toEqual(["BTC-USD"])
    expect(doc.feePercent).toBe(0.1)
    expect(doc.slippagePercent).toBe(0.05)
    expect(doc.maxEntries).toBe(1)
    expect(doc.exit).toBeUndefined()
  })

  it.each([
    [
      "an unknown rule",
      one({ rule: "when" }),
      [["entry", "rule"]],
      /rule must be one of "all", "any"/
    ],
    [
      "a bad period deep in a list",
      one({
        rule: "all",
        of: [compare({ price: "close" }, { value: 1 }), compare({ price: "close" }, sma(0))]
      }),
      [["entry", "of", 1, "right", "period"]],
      /period must be a whole number from 1 to 1000/
    ],
    [
      "a price that is not one",
      one(compare({ price: "last" }, { value: 3 })),
      [["entry", "left", "price"]],
      /price must be one of "open", "high", "low", "close", "volume"/
    ],
    [
      "an unknown indicator",
      one(compare({ indicator: "smaa", period: 3 }, { value: 3 })),
      [["entry", "left", "indicator"]],
      /indicator must be one of "sma", .*"vwap"/
    ],
    [
      "an operand of no known kind",
      one(compare({ foo: 1 }, { value: 3 })),
      [["entry", "left"]],
      /An operand is/
    ],
    [
      "a comparison that is not one",
      one(compare({ value: 1 }, { value: 2 }, "=")),
      [["entry", "is"]],
      /is must be one of ">", ">=", "<", "<="/
    ],
    [
      "a MACD line that is not one, and a missing parameter",
      one(compare({ indicator: "macd", fast: 12, slow: 26, line: "x" }, { value: 0 })),
      [
        ["entry", "left", "signal"],
        ["entry", "left", "line"]
      ],
      /signal is required/
    ],
    [
      "an empty list of rules",
      one({ rule: "any", of: [] }),
      [["entry", "of"]],
      /of must list at least one rule/
    ],
    [
      "an unknown field of an indicator",
      one(compare({ indicator: "vwap", period: 3 }, { value: 0 })),
      [["entry", "left", "period"]],
      /period is not a field here/
    ],
    [
      "unknown top-level field and a bad timeframe",
      { ...base, extra: 1, timeframe: "2h" },
      [["extra"], ["timeframe"]],
      /timeframe must be one of "1m", "5m"/
    ],
    [
      "a sizing without its amount",
      { ...base, sizing: { type: "fixed" } },
      [["sizing", "amount"]],
      /amount is required/
    ],
    [
      "a sizing of no known type",
      { ...base, sizing: { type: "all-in" } },
      [["sizing", "type"]],
      /type must be one of "fixed", "percentOfEquity"/
    ],
    [
      "costs and stops out of range",
      { ...base, feePercent: -1, stopLossPercent: 0, schemaVersion: 2, symbols: [] },
      [["schemaVersion"], ["symbols"], ["stopLossPercent"], ["feePercent"]],
      /feePercent must be a number from 0 to 10/
    ],
    ["not an object", "x", [[]], /A strategy is a JSON object/],
    [
      "a value operand that is not a number",
      one(compare({ price: "close" }, { value: "3" })),
      [["entry", "right", "value"]],
      /value must be a number/
    ]
  ])("name each problem once, at its path: %s", (_, input, paths, message) => {
    const issues = strategyIssues(input)
    expect(issues.map((i) => i.path).sort()).toEqual([...paths].sort())
    expect(issues.map((i) => i.message).join("\n")).toMatch(message)
    // The input Schema reports the same issues, so the API's 400 names the same fields.
    const decoded = Schema.decodeUnknownEither(StrategyDocumentInput)(input)
    expect(Either.isLeft(decoded)).toBe(true)
    if (Either.isLeft(decoded))
      expect(
        ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
          .map((i) => i.path)
          .sort()
      ).toEqual([...paths].sort())
  })

  it("limits how deep rules nest", () => {
    let entry: unknown = compare({ price: "close" }, { value: 1 })
    for (let i = 0; i < 8; i++) entry = { rule: "all", of: [entry] }
    expect(strategyIssues(one(entry)).map((i) => i.message)).toEqual([
      "Rules may be nested at most 6 deep"
    ])
  })

  it("the templates are valid documents and survive a round trip", () => {
    expect(STRATEGY_TEMPLATES.map((t) => t.key)).toEqual([
      "sma-crossover",
      "rsi-mean-reversion",
      "bollinger-breakout",
      "periodic-dca"
    ])
    for (const { document } of STRATEGY_TEMPLATES) {
      const encoded = Schema.encodeSync(StrategyDocument)(document)
      expect(strategyIssues(encoded)).toEqual([])
      expect(Schema.decodeUnknownSync(StrategyDocumentInput)(encoded)).toEqual(document)
    }
  })
})
