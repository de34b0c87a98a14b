import { describe, expect, it } from "@effect/vitest"
import { format, parse } from "../../src/Valuation/Fixed.js"
import { replay } from "../../src/Valuation/Positions.js"
import { memoisedReplay } from "../../src/Valuation/ReplayMemo.js"
import { entry } from "../support/ledger.js"

const DAY = 86_400_000
const entries = ["buy 10 @ 100", "buy 10 @ 120", "sell 10 @ 130"].map((t, i) => entry(t, i * DAY))
const EUR = [parse("1.1"), parse("1.1"), parse("1.2")]

describe("memoisedReplay", () => {
  it("reuses a replay only while the entries, method, cash policy and rates are the same", () => {
    const memo = memoisedReplay()
    const first = memo(entries, "fifo", undefined, false)
    expect(memo(entries, "fifo", undefined, false)).toBe(first)
    // FIFO sells the lot at 100, average cost a unit at 110: realized 300 and 200; in EUR at
    // 1.1, 1.1 and 1.2: proceeds 1,560 less half the pool of 2,420 = 350.
    const cases = [
      { method: "average", rates: undefined, moves: false, realized: "200" },
      { method: "average", rates: EUR, moves: false, realized: "350" },
      { method: "average", rates: EUR, moves: true, realized: "350" },
      { method: "fifo", rates: undefined, moves: false, realized: "300" }
    ] as const
    for (const c of cases) {
      const position = memo(entries, c.method, c.rates, c.moves)
      expect(position).toEqual(replay(entries, c.method, c.rates, c.moves))
      expect(format(position.realizedGross, 2)).toBe(c.realized)
      expect(memo(entries, c.method, c.rates && [...c.rates], c.moves)).toBe(position)
    }
    // The same figures from another array of the same entries: replayed, not looked up.
    expect(memo([...entries], "fifo", undefined, false)).not.toBe(first)
  })
})
