import { describe, expect, it } from "@effect/vitest"
import type { CostBasisMethod } from "@trading-app/domain"
import { Effect } from "effect"
import { format, mul, ONE, parse, percent, units, ZERO } from "../../src/Valuation/Fixed.js"
import { unpackLedger } from "../../src/Valuation/Ledger.js"
import {
  OversoldError,
  type Position,
  replay,
  splitQuantity,
  walkQuantity
} from "../../src/Valuation/Positions.js"
import { daily, entry, type Rated } from "../support/ledger.js"

/** The position's figures as text, rounded to 10 decimals; cash as "balance/book" per currency. */
const figures = (p: Position) => ({
  quantity: format(p.quantity, 10),
  costBasis: format(p.costBasis, 10),
  realizedGross: format(p.realizedGross, 10),
  realizedNet: format(p.realizedNet, 10),
  fees: format(p.fees, 10),
  netContributions: format(p.netContributions, 10)
})
const cashOf = (p: Position) =>
  Object.fromEntries(
    [...p.cash].map(([c, b]) => [c, `${format(b.balance, 10)}/${format(b.book, 10)}`])
  )

interface Case {
  readonly name: string
  readonly method: CostBasisMethod
  readonly entries: ReadonlyArray<string>
  readonly expected: ReturnType<typeof figures>
}

const cases: ReadonlyArray<Case> = [
  {
    name: "a single buy",
    method: "fifo",
    entries: ["buy 10 @ 100"],
    expected: {
      quantity: "10",
      costBasis: "1000",
      realizedGross: "0",
      realizedNet: "0",
      fees: "0",
      netContributions: "1000"
    }
  },
  {
    name: "buys at different prices",
    method: "fifo",
    entries: ["buy 10 @ 100", "buy 5 @ 130", "buy 0.5 @ 99.99"],
    expected: {
      quantity: "15.5",
      costBasis: "1699.995",
      realizedGross: "0",
      realizedNet: "0",
      fees: "0",
      netContributions: "1699.995"
    }
  },
  {
    // FIFO sells the 10 @ 100 lot, then 5 of the 10 @ 120 lot (fees follow their units).
    name: "a partial sell under FIFO, fees on both sides",
    method: "fifo",
    entries: ["buy 10 @ 100 fee 1", "buy 10 @ 120 fee 1", "sell 15 @ 130 fee 2"],
    expected: {
      quantity: "5",
      costBasis: "600.5",
      realizedGross: "350",
      realizedNet: "346.5",
      fees: "4",
      netContributions: "254"
    }
  },
  {
    // Average cost: 20 units for 2,200 (+2 fees); 15 sold take 3/4 of both.
    name: "the same partial sell under average cost",
    method: "average",
    entries: ["buy 10 @ 100 fee 1", "buy 10 @ 120 fee 1", "sell 15 @ 130 fee 2"],
    expected: {
      quantity: "5",
      costBasis: "550.5",
      realizedGross: "300",
      realizedNet: "296.5",
      fees: "4",
      netContributions: "254"
    }
  },
  {
    name: "sell everything, then buy again (FIFO)",
    method: "fifo",
    entries: ["buy 2 @ 50", "sell 2 @ 60", "buy 1 @ 70"],
    expected: {
      quantity: "1",
      costBasis: "70",
      realizedGross: "20",
      realizedNet: "20",
      fees: "0",
      netContributions: "50"
    }
  },
  {
    // The pool empties, so the new purchase starts a new average.
    name: "sell everything, then buy again (average)",
    method: "average",
    entries: ["buy 1 @ 10", "buy 1 @ 20", "sell 2 @ 30", "buy 4 @ 5", "sell 1 @ 6"],
    expected: {
      quantity: "3",
      costBasis: "15",
      realizedGross: "31",
      realizedNet: "31",
      fees: "0",
      netContributions: "-16"
    }
  },
  {
    // A third of 4 cannot be split exactly: the sold unit takes 1.333…33, the rest keeps 2.666…67.
    name: "an average that does not divide evenly",
    method: "average",
    entries: ["buy 1 @ 1", "buy 1 @ 1", "buy 1 @ 2", "sell 1 @ 2"],
    expected: {
      quantity: "2",
      costBasis: "2.6666666667",
      realizedGross: "0.6666666667",
      realizedNet: "0.6666666667",
      fees: "0",
      netContributions: "2"
    }
  },
  {
    name: "many lots consumed across several sales (FIFO)",
    method: "fifo",
    entries: [
      "buy 1 @ 10",
      "buy 1 @ 11",
      "buy 1 @ 12",
      "buy 1 @ 13",
      "buy 1 @ 14",
      "sell 2.5 @ 20",
      "sell 1.5 @ 20"
    ],
    expected: {
      quantity: "1",
      costBasis: "14",
      realizedGross: "34",
      realizedNet: "34",
      fees: "0",
      netContributions: "-20"
    }
  },
  {
    // Bought 10 @ 50 EUR at 1.10 USD, sold 4 @ 60 EUR at 1.20: cost 220 USD, proceeds 288 USD.
    name: "a currency conversion at each transaction's rate",
    method: "fifo",
    entries: ["buy 10 @ 50 fee 2 rate 1.1", "sell 4 @ 60 fee 1 rate 1.2"],
    expected: {
      quantity: "6",
      costBasis: "331.32",
      realizedGross: "68",
      realizedNet: "65.92",
      fees: "3.4",
      netContributions: "265.4"
    }
  }
]

describe("replay", () => {
  for (const c of cases) {
    it(c.name, () => {
      const entries = daily(c.entries)
      const rates = entries.map((e) => e.rate)
      expect(figures(replay(entries, c.method, rates))).toEqual(c.expected)
    })
  }

  it("refuses a sale of more than is held", () => {
    expect(() => replay(daily(["buy 1 @ 1", "sell 1.5 @ 1"]), "fifo")).toThrow(OversoldError)
    expect(() => replay(daily(["buy 1 @ 1", "transfer_out 2"]), "fifo")).toThrow(OversoldError)
  })
})

interface ActivityCase {
  readonly name: string
  readonly method?: CostBasisMethod
  readonly tradesMoveCash?: boolean
  readonly entries: ReadonlyArray<string>
  readonly expected: Partial<ReturnType<typeof figures>> & {
    readonly income?: string
    readonly withheld?: string
    readonly costs?: string
    readonly cash?: Record<string, string>
  }
}

const activityCases: ReadonlyArray<ActivityCase> = [
  {
    // 10 @ 100 + fee 1 become 20 units of 1,001; 5 sold @ 60 take a quarter: 250 and 0.25.
    name: "a 2-for-1 split halves unit costs and realises nothing",
    entries: ["buy 10 @ 100 fee 1", "split 2 for 1", "sell 5 @ 60"],
    expected: {
      quantity: "15",
      costBasis: "750.75",
      realizedGross: "50",
      realizedNet: "49.75",
      netContributions: "701"
    }
  },
  {
    // 10 / 3 = 3.3333333333 (rounded to the ledger's 10 decimals); the cost stays.
    name: "a 1-for-3 reverse split rounds the quantity, keeps the cost",
    entries: ["buy 10 @ 30", "split 1 for 3"],
    expected: { quantity: "3.3333333333", costBasis: "300", realizedGross: "0" }
  },
  {
    // Lots 1 @ 10 and 2 @ 20 become 1.5 and 3 units; selling 2 takes the first lot (10) and
    // a sixth of the second (40 / 6 = 6.666…): realized 60 − 16.666… = 43.333…
    name: "a 3-for-2 split across FIFO lots, then a sale across both",
    entries: ["buy 1 @ 10", "buy 2 @ 20", "split 3 for 2", "sell 2 @ 30"],
    expected: {
      quantity: "2.5",
      costBasis: "33.3333333333",
      realizedGross: "43.3333333333"
    }
  },
  {
    // 10 in at a cost of 500, 10 bought for 600; 15 out take the first lot and half the second.
    name: "transfers in and out at cost, oldest lots first",
    entries: ["transfer_in 10 cost 500", "buy 10 @ 60", "transfer_out 15"],
    expected: {
      quantity: "5",
      costBasis: "300",
      realizedGross: "0",
      realizedNet: "0",
      netContributions: "300"
    }
  },
  {
    name: "a transfer out under average cost takes the average",
    method: "average",
    entries: ["transfer_in 10 cost 500", "buy 10 @ 60", "transfer_out 15"],
    expected: { quantity: "5", costBasis: "275", netContributions: "275" }
  },
  {
    // 20 gross, 3 withheld: 17 income into cash, not a contribution.
    name: "a dividend with tax withheld",
    entries: ["buy 1 @ 100", "dividend 20 tax 3"],
    expected: {
      netContributions: "100",
      income: "17",
      withheld: "3",
      cash: { USD: "17/17" }
    }
  },
  {
    // 1,000 − 501 + 239 − 3 − 100 = 635 of cash; contributions are the deposit less the withdrawal.
    name: "trades paid from cash when the portfolio records deposits",
    tradesMoveCash: true,
    entries: ["deposit 1000", "buy 5 @ 100 fee 1", "sell 2 @ 120 fee 1", "fee 3", "withdrawal 100"],
    expected: {
      quantity: "3",
      realizedNet: "38.6",
      netContributions: "900",
      costs: "3",
      cash: { USD: "635/635" }
    }
  },
  {
    // 100 EUR in at 1.1 (110 USD), a 10 EUR tax at 1.2 (12 USD): 90 EUR with a book of 98 USD.
    name: "cash in another currency keeps its book value at each movement's rate",
    tradesMoveCash: true,
    entries: [
      "deposit 100 in EUR rate 1.1",
      "tax 10 in EUR rate 1.2",
      "interest 4 in EUR rate 1.25"
    ],
    expected: {
      netContributions: "110",
      costs: "12",
      income: "5",
      cash: { EUR: "94/103" }
    }
  }
]

describe("replay of every activity type", () => {
  for (const c of activityCases) {
    it(c.name, () => {
      const entries = daily(c.entries)
      const p = replay(
        entries,
        c.method ?? "fifo",
        entries.map((e) => e.rate),
        c.tradesMoveCash ?? false
      )
      const { income, withheld, costs, cash, ...rest } = c.expected
      expect(figures(p)).toMatchObject(rest)
      if (income !== undefined) expect(format(p.income, 10)).toBe(income)
      if (withheld !== undefined) expect(format(p.withheld, 10)).toBe(withheld)
      if (costs !== undefined) expect(format(p.costs, 10)).toBe(costs)
      if (cash !== undefined) expect(cashOf(p)).toEqual(cash)
    })
  }
})

describe("walkQuantity", () => {
  it("finds the first entry that takes out more than is held, splits included", () => {
    const entries = daily(["buy 3 @ 1", "split 1 for 2", "sell 1 @ 1", "sell 1 @ 1"])
    const walk = walkQuantity(entries)
    expect(walk.shortfall?.entry).toBe(entries[3])
    expect(walk.shortfall?.held).toBe(units("0.5"))
    expect(walkQuantity(entries.slice(0, 3)).held).toBe(units("0.5"))
  })

  it("rounds a split half-even at the 10th decimal", () => {
    expect(splitQuantity(units("1"), units("3"), units("1"))).toBe(units("0.3333333333"))
    expect(splitQuantity(units("0.0000000005"), units("2"), units("1"))).toBe(2n)
    expect(splitQuantity(units("0.0000000015"), units("2"), units("1"))).toBe(units("0.0000000008"))
  })
})

describe("the P&L identity", () => {
  it("realized + unrealized + income − costs = value − net contributions, exactly, for any ledger", () => {
    // A seeded generator, so a failure can be replayed.
    let seed = 12345
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    const decimal = (max: number, places: number) => (random() * max).toFixed(places)
    const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]!
    for (let run = 0; run < 200; run++) {
      const tradesMoveCash = random() < 0.5
      const entries: Array<Rated> = []
      let held = 0n
      for (let i = 0; i < 60; i++) {
        const currency = pick(["USD", "EUR"])
        const rate = currency === "USD" ? "" : ` rate ${(1 + random()).toFixed(6)}`
        const money = ` in ${currency}${rate}`
        const kind = pick(
          held > 0n
            ? ["buy", "sell", "sell", "split", "transfer_in", "transfer_out", "cash"]
            : ["buy", "transfer_in", "cash"]
        )
        const some = () => (held * BigInt(Math.floor(random() * 100) + 1)) / 100n || held
        const text = (u: bigint) => format(u * 10n ** 10n, 10)
        const line =
          kind === "buy"
            ? `buy ${decimal(50, 7)} @ ${decimal(1000, 4)} fee ${decimal(3, 2)}${money}`
            : kind === "sell"
              ? `sell ${text(some())} @ ${decimal(1000, 4)} fee ${decimal(3, 2)}${money}`
              : kind === "split"
                ? `split ${pick(["2", "3", "1"])} for ${pick(["1", "2", "7"])}`
                : kind === "transfer_in"
                  ? `transfer_in ${decimal(20, 5)} cost ${decimal(2000, 3)}${money}`
                  : kind === "transfer_out"
                    ? `transfer_out ${text(some())}`
                    : `${pick(["deposit", "withdrawal", "dividend", "interest", "fee", "tax"])} ${decimal(500, 2)}${money}`
        const e = entry(line, i)
        if (e.type === "split" && e.before === e.after) continue
        entries.push(e)
        held = walkQuantity(entries).held
      }
      const price = parse(decimal(1000, 4))
      const eurNow = parse(decimal(1, 4)) + ONE
      for (const method of ["fifo", "average"] as const) {
        const p = replay(
          entries,
          method,
          entries.map((e) => e.rate),
          tradesMoveCash
        )
        const value = mul(p.quantity, price)
        let cashValue = ZERO
        let cashGain = ZERO
        for (const [currency, c] of p.cash) {
          const v = currency === "USD" ? c.balance : mul(c.balance, eurNow)
          cashValue += v
          cashGain += v - c.book
        }
        const unrealized = value - p.costBasis + cashGain
        expect(p.realizedNet + unrealized + p.income - p.costs).toBe(
          value + cashValue - p.netContributions
        )
        expect(p.quantity).toBe(held * 10n ** 10n)
      }
    }
  })
})

describe("Fixed", () => {
  it.each([
    ["0", 2, "0"],
    ["-1.005", 2, "-1"],
    ["1.005", 2, "1"],
    ["1.015", 2, "1.02"],
    ["-0.0000000001", 8, "0"],
    ["123456789012345678.5", 0, "123456789012345678"],
    ["0.000000000000000000015", 20, "0.00000000000000000002"]
  ])("parses %s and formats it to %i decimals half-even as %s", (text, places, expected) => {
    expect(format(parse(text), places)).toBe(expected)
  })

  it("computes percentages and refuses division by zero", () => {
    expect(format(percent(parse("1"), parse("3"))!, 4)).toBe("33.3333")
    expect(percent(parse("1"), 0n)).toBeUndefined()
  })
})

describe("unpackLedger", () => {
  it("reads each type's packed numbers, also numbers too long for a double and other scales", () => {
    const packed = [
      "buy 10.0000000000 123.4567000000 0.0000000000 USD 1767225600000",
      "sell 123456789012345678.5000000000 0.0000000001 1.50 EUR 1767225600001",
      "dividend 20.0000000000 3.0000000000 USD 1767225600002",
      "split 1.0000000000 2.0000000000 1767225600003",
      "transfer_in 3.0000000000 900.0000000000 USD 1767225600004",
      "transfer_out 1.0000000000 1767225600005",
      "deposit 1000.0000000000 EUR 1767225600006"
    ].join(",")
    const [ledger] = Effect.runSync(unpackLedger([{ symbol: "X", entries: packed }]))
    const none = {
      quantity: 0n,
      price: 0n,
      fee: 0n,
      amount: 0n,
      withheld: 0n,
      before: 0n,
      after: 0n
    }
    expect(ledger!.entries).toEqual([
      {
        ...none,
        type: "buy",
        quantity: 100000000000n,
        price: 1234567000000n,
        currency: "USD",
        time: 1767225600000
      },
      {
        ...none,
        type: "sell",
        quantity: 1234567890123456785000000000n,
        price: 1n,
        fee: 15000000000n,
        currency: "EUR",
        time: 1767225600001
      },
      {
        ...none,
        type: "dividend",
        amount: 200000000000n,
        withheld: 30000000000n,
        currency: "USD",
        time: 1767225600002
      },
      {
        ...none,
        type: "split",
        before: 10000000000n,
        after: 20000000000n,
        currency: "",
        time: 1767225600003
      },
      {
        ...none,
        type: "transfer_in",
        quantity: 30000000000n,
        amount: 9000000000000n,
        currency: "USD",
        time: 1767225600004
      },
      { ...none, type: "transfer_out", quantity: 10000000000n, currency: "", time: 1767225600005 },
      { ...none, type: "deposit", amount: 10000000000000n, currency: "EUR", time: 1767225600006 }
    ])
  })
})
