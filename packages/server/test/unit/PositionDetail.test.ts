import { describe, expect, it } from "@effect/vitest"
import { positionDetail } from "../../src/Valuation/PositionDetail.js"
import { daily } from "../support/ledger.js"

const DAY = (n: number) => new Date(n * 86_400_000).toISOString()

describe("positionDetail", () => {
  it("lists the open lots first in, first out, and each sale under the portfolio's method", () => {
    const entries = daily([
      "buy 10 @ 100 fee 1",
      "buy 10 @ 120 fee 1",
      "dividend 20 tax 3",
      "sell 15 @ 130 fee 2"
    ])
    const detail = positionDetail([
      { portfolioId: "p", entries, rates: undefined, method: "average", tradesMoveCash: false }
    ])
    // FIFO: the first lot is gone, half the second is left (600 and half its fee).
    expect(detail.lots).toEqual([
      {
        portfolioId: "p",
        openedAt: DAY(2),
        quantity: "5",
        costBasis: "600.5",
        unitCost: "120.1"
      }
    ])
    // Average cost: 15 of 20 units that cost 2,200 (+2 fees) → 1,650 (+1.5).
    expect(detail.sales).toEqual([
      {
        portfolioId: "p",
        time: DAY(4),
        quantity: "15",
        proceeds: "1950",
        cost: "1650",
        realizedPnl: "300",
        realizedPnlNet: "296.5"
      }
    ])
    expect(detail.dividends).toEqual([
      { portfolioId: "p", time: DAY(3), gross: "20", withheld: "3", net: "17" }
    ])
  })
})
