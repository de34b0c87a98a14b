import { describe, expect, it } from "@effect/vitest"
import { BotSettings } from "@trading-app/domain"
import { Either, Schema } from "effect"
import { classify, type OpenGroup, type SignalWords } from "../../src/Engine/Classify.js"
import { addOrder, entryOrders } from "../../src/Engine/Plan.js"
import { type FilledLeg, type SoldSlot, takeProfitTargets } from "../../src/Engine/TakeProfit.js"
import { GRID } from "../support/grid.js"

const settings = (s: Partial<typeof BotSettings.Encoded> = {}) =>
  Schema.decodeSync(BotSettings)({
    grid: GRID,
    takeProfit: "aggregate",
    ...s
  })

describe("classifying signals", () => {
  const group = (entries: number, maxEntries: number): OpenGroup => ({ entries, maxEntries })
  const cases: ReadonlyArray<readonly [string, SignalWords, OpenGroup | null, string, string]> = [
    ["buy, no group", { action: "buy" }, null, "entry open", "Opened a group"],
    ["buy, group 1 of 3", { action: "buy" }, group(1, 3), "entry add", "Added entry 2 of 3"],
    [
      "buy, group full",
      { action: "buy" },
      group(1, 1),
      "invalid",
      "The open group has 1 of 1 entries, the most its bot takes"
    ],
    ["sell, group", { action: "sell" }, group(1, 1), "exit close", "Closing the group at market"],
    ["sell, no group", { action: "sell" }, null, "invalid", "No open group to exit"],
    [
      "flat to long",
      { action: "buy", prevMarketPosition: "flat", marketPosition: "long" },
      null,
      "entry open",
      "Opened a group"
    ],
    [
      "long to long by a buy",
      { action: "buy", prevMarketPosition: "long", marketPosition: "long" },
      group(1, 2),
      "add add",
      "Added entry 2 of 2"
    ],
    [
      "long to long by a sell",
      { action: "sell", prevMarketPosition: "long", marketPosition: "long" },
      group(1, 2),
      "invalid",
      "A partial close of a long is not supported: send an exit (to flat)"
    ],
    [
      "long to flat",
      { action: "sell", prevMarketPosition: "long", marketPosition: "flat" },
      group(2, 2),
      "exit close",
      "Closing the group at market"
    ],
    [
      "long to short",
      { action: "sell", prevMarketPosition: "long", marketPosition: "short" },
      group(1, 1),
      "reverse close",
      "Closing the long at market; the short is refused: a short needs margin: bots trade spot markets, long only"
    ],
    [
      "short to long",
      { action: "buy", prevMarketPosition: "short", marketPosition: "long" },
      null,
      "reverse open",
      "Opened a group (the reverse from short had no short to close)"
    ],
    [
      "flat to short",
      { action: "sell", prevMarketPosition: "flat", marketPosition: "short" },
      null,
      "invalid",
      "Short entry refused: a short needs margin: bots trade spot markets, long only"
    ],
    [
      "short to flat",
      { action: "buy", prevMarketPosition: "short", marketPosition: "flat" },
      null,
      "invalid",
      "Nothing to close: bots hold no shorts"
    ]
  ]
  it.each(cases)("%s", (_, signal, open, expected, note) => {
    const decision = classify(signal, open)
    if ("invalid" in decision) {
      expect(expected).toBe("invalid")
      expect(decision.invalid).toBe(note)
    } else {
      const does = decision.open ? "open" : decision.add ? "add" : "close"
      expect(`${decision.kind} ${does}`).toBe(expected)
      expect(decision.note).toBe(note)
    }
  })
})

describe("a group's orders", () => {
  it("enters with the base at market and the safety orders as limits at the grid's levels", () => {
    const orders = Either.getOrThrow(entryOrders(settings(), "100"))
    expect(orders.map((o) => [o.role, o.leg, o.type, o.price, o.quantity])).toEqual([
      ["base", 0, "market", "100", "1"],
      ["safety", 1, "limit", "99", "0.505050505"],
      ["safety", 2, "limit", "97", "1.030927835"]
    ])
  })

  it("adds a pyramid entry of the base order's amount at market", () => {
    expect(addOrder(settings(), "80", 3)).toEqual({
      role: "base",
      leg: 3,
      side: "buy",
      type: "market",
      price: "80",
      quantity: "1.25"
    })
  })
})

describe("take-profit targets", () => {
  // Bought 1 at 100 (leg 0) and 2 at 98 (leg 1): 3 for 296, an average of 98.666…
  const legs: ReadonlyArray<FilledLeg> = [
    { leg: 0, quantity: "1", cost: "100" },
    { leg: 1, quantity: "2", cost: "196" }
  ]
  const hybrid = settings({
    takeProfit: "hybrid",
    takeProfitSteps: [{ percent: "0.5", sharePercent: "50" }]
  })
  const cases: ReadonlyArray<
    readonly [string, BotSettings, ReadonlyArray<SoldSlot>, ReadonlyArray<[number, string, string]>]
  > = [
    // 296 / 3 × 1.01 = 99.6533…
    ["aggregate: all held at 1% above the average", settings(), [], [[0, "99.6533333333", "3"]]],
    [
      "aggregate, after 1 sold",
      settings(),
      [{ slot: 0, quantity: "1" }],
      [[0, "99.6533333333", "2"]]
    ],
    [
      "per leg: each at 1% above its own price",
      settings({ takeProfit: "leg" }),
      [],
      [
        [0, "101", "1"],
        [1, "98.98", "2"]
      ]
    ],
    [
      "per leg, leg 1 half sold",
      settings({ takeProfit: "leg" }),
      [{ slot: 1, quantity: "0.5" }],
      [
        [0, "101", "1"],
        [1, "98.98", "1.5"]
      ]
    ],
    // Step 1: half of 3 at 296 / 3 × 1.005 = 99.16; the rest at the take-profit.
    [
      "hybrid: the step's share, then the rest",
      hybrid,
      [],
      [
        [1, "99.16", "1.5"],
        [0, "99.6533333333", "1.5"]
      ]
    ],
    [
      "hybrid, the step sold",
      hybrid,
      [{ slot: 1, quantity: "1.5" }],
      [[0, "99.6533333333", "1.5"]]
    ],
    ["everything sold: nothing left", settings(), [{ slot: 0, quantity: "3" }], []]
  ]
  it.each(cases)("%s", (_, s, sold, expected) => {
    expect(takeProfitTargets(s, legs, sold).map((t) => [t.slot, t.price, t.quantity])).toEqual(
      expected
    )
  })

  it("refuses steps outside a hybrid take-profit, and shares of 100% or more", () => {
    const decode = Schema.decodeUnknownEither(BotSettings)
    const base = settings()
    const encoded = Schema.encodeSync(BotSettings)(base)
    expect(
      Either.isLeft(decode({ ...encoded, takeProfitSteps: [{ percent: "1", sharePercent: "10" }] }))
    ).toBe(true)
    expect(
      Either.isLeft(
        decode({
          ...encoded,
          takeProfit: "hybrid",
          takeProfitSteps: [
            { percent: "1", sharePercent: "60" },
            { percent: "2", sharePercent: "40" }
          ]
        })
      )
    ).toBe(true)
    expect(
      Either.isLeft(decode({ ...encoded, grid: { ...encoded.grid, direction: "short" } }))
    ).toBe(true)
  })
})
