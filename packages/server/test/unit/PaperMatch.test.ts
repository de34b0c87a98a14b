import { describe, expect, it } from "@effect/vitest"
import { type FeedTrade, matchPaperOrder, type PaperOrder } from "../../src/Exchanges/PaperMatch.js"

const order = (o: Partial<PaperOrder>): PaperOrder => ({
  side: "buy",
  type: "market",
  price: null,
  quantity: "1",
  filledQuantity: "0",
  filledCost: "0",
  fee: "0",
  ...o
})

describe("the paper exchange's fills", () => {
  const cases: ReadonlyArray<
    readonly [
      string,
      PaperOrder,
      ReadonlyArray<FeedTrade>,
      readonly [string, string, string, string]
    ]
  > = [
    // 0.4 at 100 × 1.0005 = 40.02, then 0.6 at 101 × 1.0005 = 60.6303; taker fee 0.1%.
    [
      "a market buy over two trades, with slippage, capped by each trade's quantity",
      order({}),
      [
        { price: "100", quantity: "0.4" },
        { price: "101", quantity: "5" }
      ],
      ["1", "100.6503", "0.1006503", "filled"]
    ],
    // 99.95 = 100 × 0.9995
    [
      "a market sell slips down",
      order({ side: "sell" }),
      [{ price: "100", quantity: "3" }],
      ["1", "99.95", "0.09995", "filled"]
    ],
    // Only the trade at 98.9 reaches the limit of 99: 0.3 at 99, maker fee 0.1%.
    [
      "a limit buy fills at its limit when a trade reaches it, up to the trade's quantity",
      order({ type: "limit", price: "99" }),
      [
        { price: "100", quantity: "5" },
        { price: "99.5", quantity: "1" },
        { price: "98.9", quantity: "0.3" }
      ],
      ["0.3", "29.7", "0.0297", "partially_filled"]
    ],
    [
      "a limit sell at or above its limit",
      order({ side: "sell", type: "limit", price: "101" }),
      [
        { price: "100.5", quantity: "3" },
        { price: "101", quantity: "2" }
      ],
      ["1", "101", "0.101", "filled"]
    ],
    [
      "a partly filled order goes on from where it was",
      order({
        type: "limit",
        price: "99",
        filledQuantity: "0.3",
        filledCost: "29.7",
        fee: "0.0297"
      }),
      [{ price: "98", quantity: "2" }],
      ["1", "99", "0.099", "filled"]
    ],
    [
      "no trade reaches it: still open",
      order({ type: "limit", price: "90" }),
      [{ price: "95", quantity: "9" }],
      ["0", "0", "0", "open"]
    ]
  ]
  it.each(cases)("%s", (_, o, trades, [filled, cost, fee, status]) => {
    expect(matchPaperOrder(o, trades)).toEqual({
      filledQuantity: filled,
      filledCost: cost,
      fee,
      status
    })
  })
})
