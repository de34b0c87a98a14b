import { describe, expect, it } from "@effect/vitest"
import { BigDecimal } from "effect"
import {
  type Book,
  checkEntry,
  type Entry,
  type Limits,
  mitigationPlan,
  type Position
} from "../../src/Risk/Limits.js"

const d = BigDecimal.unsafeFromString
const none: Limits = {
  maxOpenGroups: null,
  maxSymbolExposure: null,
  maxTotalExposure: null,
  maxDailyLoss: null
}
// Two groups open: 300 committed in BTC-USD, 200 in ETH-USD; a loss of 40 realised today.
const book: Book = {
  groups: [
    { symbol: "BTC-USD", committed: d("300") },
    { symbol: "ETH-USD", committed: d("200") }
  ],
  realisedToday: d("-40")
}
const entry = (capital: string, opensGroup = true, symbol = "BTC-USD"): Entry => ({
  symbol,
  capital: d(capital),
  opensGroup
})

describe("checking an entry against the limits", () => {
  const cases: ReadonlyArray<
    readonly [string, Partial<Limits>, Entry, "Allowed" | "Queued" | "Refused", string?]
  > = [
    ["no limits", {}, entry("10000"), "Allowed"],
    [
      "daily loss reached: 40 lost ≥ 40",
      { maxDailyLoss: "40" },
      entry("1"),
      "Refused",
      "Today's realised loss, 40, reached the daily limit of 40: new entries wait for 00:00 UTC"
    ],
    ["daily loss not reached: 40 < 40.01", { maxDailyLoss: "40.01" }, entry("1"), "Allowed"],
    [
      "2 groups open, at most 2",
      { maxOpenGroups: 2 },
      entry("1"),
      "Queued",
      "2 groups are open, the most your limits allow"
    ],
    ["2 open, at most 2, but an add", { maxOpenGroups: 2 }, entry("1", false), "Allowed"],
    ["2 open, at most 3", { maxOpenGroups: 3 }, entry("1"), "Allowed"],
    // 300 + 200 = 500 in BTC-USD: exactly the limit.
    ["symbol 300 + 200 = 500 ≤ 500", { maxSymbolExposure: "500" }, entry("200"), "Allowed"],
    [
      "symbol 300 + 200.5 > 500",
      { maxSymbolExposure: "500" },
      entry("200.5"),
      "Queued",
      "Exposure in BTC-USD would be 500.5 with this entry's 200.5, over the limit of 500"
    ],
    // ETH-USD holds 200: 200 + 250 = 450 ≤ 500, whatever BTC-USD holds.
    [
      "other symbol 200 + 250 ≤ 500",
      { maxSymbolExposure: "500" },
      entry("250", true, "ETH-USD"),
      "Allowed"
    ],
    // 500 held in all + 100 = 600 > 550.
    [
      "total 500 + 100 > 550",
      { maxTotalExposure: "550" },
      entry("100"),
      "Queued",
      "Total exposure would be 600 with this entry's 100, over the limit of 550"
    ],
    ["total 500 + 50 = 550 ≤ 550", { maxTotalExposure: "550" }, entry("50"), "Allowed"],
    // The daily loss is checked first, then the groups, the symbol, the total.
    [
      "every limit passed: the daily loss is said",
      { maxDailyLoss: "10", maxOpenGroups: 1, maxTotalExposure: "1" },
      entry("100"),
      "Refused"
    ],
    [
      "groups and total passed: the groups are said",
      { maxOpenGroups: 1, maxTotalExposure: "1" },
      entry("100"),
      "Queued",
      "2 groups are open, the most your limits allow"
    ]
  ]
  for (const [name, limits, e, tag, reason] of cases)
    it(name, () => {
      const verdict = checkEntry({ ...none, ...limits }, book, e)
      expect(verdict._tag).toBe(tag)
      if (reason !== undefined && verdict._tag !== "Allowed") expect(verdict.reason).toBe(reason)
    })
})

describe("planning a mitigation", () => {
  const p = (id: string, cost: string, value: string): Position => ({
    id,
    cost: d(cost),
    value: d(value)
  })
  const plan = (positions: ReadonlyArray<Position>, threshold: string) => {
    const m = mitigationPlan(positions, d(threshold))
    return m === undefined
      ? undefined
      : {
          loser: m.loser,
          loss: BigDecimal.format(BigDecimal.normalize(m.loss)),
          lossPercent: BigDecimal.format(BigDecimal.normalize(m.lossPercent)),
          winners: m.winners.map(
            (w) => `${w.id}:${BigDecimal.format(BigDecimal.normalize(w.profit))}`
          )
        }
  }
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<Position>, string, unknown]> = [
    // L lost 120 of 1000 (12 % ≥ 10 %); A won 80, B 50: A alone (80) does not cover 120, A and B (130) do.
    [
      "a loser covered by two winners, the best first",
      [p("L", "1000", "880"), p("A", "500", "580"), p("B", "400", "450"), p("C", "100", "110")],
      "10",
      { loser: "L", loss: "120", lossPercent: "12", winners: ["A:80", "B:50"] }
    ],
    // 9 % < 10 %: nothing to do.
    ["a loss under the threshold", [p("L", "1000", "910"), p("A", "500", "900")], "10", undefined],
    // Winners make 30 in all, less than the 200 lost: left alone.
    ["a loss winners cannot cover", [p("L", "1000", "800"), p("A", "100", "130")], "10", undefined],
    // M lost 50 % (cannot be covered: 60 < 100), N 20 % (covered by A's 60 ≥ 40): N is offset.
    [
      "the deepest coverable loss",
      [p("M", "200", "100"), p("N", "200", "160"), p("A", "300", "360")],
      "10",
      { loser: "N", loss: "40", lossPercent: "20", winners: ["A:60"] }
    ],
    // Exactly at the threshold, exactly covered.
    [
      "at the threshold, exactly covered",
      [p("L", "100", "90"), p("A", "100", "110")],
      "10",
      { loser: "L", loss: "10", lossPercent: "10", winners: ["A:10"] }
    ],
    ["no positions", [], "10", undefined]
  ]
  it.each(cases)("%s", (_, positions, threshold, expected) => {
    expect(plan(positions, threshold)).toEqual(expected)
  })
})
