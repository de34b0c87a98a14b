import { STRATEGY_TEMPLATES } from "@trading-app/domain"
import { describe, expect, it } from "vitest"
import { conditionText, sizingText } from "../src/strategies/ruleText.js"

describe("rules in words", () => {
  it("says what each template does", () => {
    const texts = STRATEGY_TEMPLATES.map((t) => [
      conditionText(t.document.entry),
      t.document.exit === undefined ? null : conditionText(t.document.exit),
      sizingText(t.document.sizing)
    ])
    expect(texts).toEqual([
      ["SMA 20 crosses above SMA 50", "SMA 20 crosses below SMA 50", "100% of equity per entry"],
      ["RSI 14 < 30", "RSI 14 > 70", "50% of equity per entry"],
      [
        "close crosses above Bollinger 20, 2σ upper",
        "close < Bollinger 20, 2σ middle",
        "100% of equity per entry"
      ],
      ["every 7 bars", null, "100 per entry"]
    ])
  })

  it("brackets nested lists", () => {
    expect(
      conditionText({
        rule: "all",
        of: [
          { rule: "compare", left: { price: "close" }, is: ">", right: { value: 10 } },
          {
            rule: "any",
            of: [
              { rule: "every", bars: 1 },
              {
                rule: "compare",
                left: { indicator: "macd", fast: 12, slow: 26, signal: 9, line: "histogram" },
                is: ">=",
                right: { indicator: "vwap" }
              }
            ]
          }
        ]
      })
    ).toBe("close > 10 and (every bar or MACD 12/26/9 histogram >= VWAP)")
  })
})
