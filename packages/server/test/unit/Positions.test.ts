import { describe, expect, it } from "@effect/vitest"
import type { CostBasisMethod } from "@trading-app/domain"
import { Effect } from "effect"
import { type Fixed, format, mul, ONE, parse, percent, units } from "../../src/Valuation/Fixed.js"
import { unpackLedger } from "../../src/Valuation/Ledger.js"
import { type Entry, OversoldError, type Position, replay } from "../../src/Valuation/Positions.js"

const DAY = 86_400_000
let clock = 0
/** "buy 10 @ 100 fee 1" or "sell 5 @ 120 fee 0.5 rate 1.1", one day after the previous one. */
type Rated = Entry & { readonly rate: Fixed }
const tx = (text: string): Rated => {
  const m = /^(buy|sell) (\S+) @ (\S+)(?: fee (\S+))?(?: rate (\S+))?$/.exec(text)
  if (m === null) throw new Error(`bad entry ${text}`)
  clock += DAY
  return {
    side: m[1] as "buy" | "sell",
    quantity: units(m[2]!),
    price: units(m[3]!),
    fee: units(m[4] ?? "0"),
    rate: parse(m[5] ?? "1"),
    time: clock
  }
}

/** The position's figures as text, rounded to 10 decimals. */
const figures = (p: Position) => ({
  quantity: format(p.quantity, 10),
  costBasis: format(p.costBasis, 10),
  realizedGross: format(p.realizedGross, 10),
  realizedNet: format(p.realizedNet, 10),
  fees: format(p.fees, 10),
  netContributions: format(p.netContributions, 10)
})

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
      const entries = c.entries.map(tx)
      const rates = entries.map((e) => e.rate)
      expect(figures(replay(entries, c.method, rates))).toEqual(c.expected)
    })
  }

  it("refuses a sale of more than is held", () => {
    expect(() => replay([tx("buy 1 @ 1"), tx("sell 1.5 @ 1")], "fifo")).toThrow(OversoldError)
  })

  it("keeps realized + unrealized P&L equal to value minus net contributions, exactly", () => {
    // A seeded generator, so a failure can be replayed.
    let seed = 12345
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    const decimal = (max: number, places: number) => (random() * max).toFixed(places)
    for (let run = 0; run < 200; run++) {
      const entries: Array<Rated> = []
      let held = 0n
      for (let i = 0; i < 60; i++) {
        const sell = held > 0n && random() < 0.45
        const quantity = sell
          ? (held * BigInt(Math.floor(random() * 100) + 1)) / 100n || held
          : units(decimal(50, 7)) + 1n
        entries.push({
          side: sell ? "sell" : "buy",
          quantity,
          price: units(decimal(1000, 4)),
          fee: units(decimal(3, 2)),
          rate: random() < 0.5 ? ONE : parse(decimal(2, 6)) + 1n,
          time: i
        })
        held += sell ? -quantity : quantity
      }
      const lastPrice = parse(decimal(1000, 4))
      for (const method of ["fifo", "average"] as const) {
        const p = replay(
          entries,
          method,
          entries.map((e) => e.rate)
        )
        const value = mul(p.quantity, lastPrice)
        const unrealized = value - p.costBasis
        expect(p.realizedNet + unrealized).toBe(value - p.netContributions)
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
  it("reads packed entries, also numbers too long for a double and other scales", () => {
    const packed = [
      "buy 10.0000000000 123.4567000000 0.0000000000 USD 1767225600000",
      "sell 123456789012345678.5000000000 0.0000000001 1.50 EUR 1767225600001"
    ].join(",")
    const [ledger] = Effect.runSync(unpackLedger([{ symbol: "X", entries: packed }]))
    expect(ledger!.entries).toEqual([
      {
        side: "buy",
        quantity: 100000000000n,
        price: 1234567000000n,
        fee: 0n,
        currency: "USD",
        time: 1767225600000
      },
      {
        side: "sell",
        quantity: 1234567890123456785000000000n,
        price: 1n,
        fee: 15000000000n,
        currency: "EUR",
        time: 1767225600001
      }
    ])
  })
})
