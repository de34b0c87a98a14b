import { describe, expect, it } from "@effect/vitest"
import { format, fromNumber, parse, units } from "../../src/Valuation/Fixed.js"
import {
  defaultInterval,
  sampleTimes,
  summarise,
  valuationTimes
} from "../../src/Valuation/PerformanceSeries.js"
import type { Entry } from "../../src/Valuation/Positions.js"
import { maxDrawdown, xirr } from "../../src/Valuation/Returns.js"
import {
  closeAt,
  cursorOf,
  type PriceAt,
  type SymbolFlows,
  seriesBuilder
} from "../../src/Valuation/Series.js"

const at = (iso: string) => Date.parse(iso)

/** The whole series at once. */
const valueSeries = (symbols: Array<SymbolFlows>, times: Array<number>, priceAt: PriceAt) => {
  const builder = seriesBuilder(symbols, times, priceAt)
  builder.advance(times.length)
  return builder.result()
}
const buy = (time: number, quantity: string, price: string): Entry => ({
  side: "buy",
  time,
  quantity: units(quantity),
  price: units(price),
  fee: 0n
})

describe("xirr", () => {
  it("is 10% for 1,000 that becomes 1,100 in a year", () => {
    const r = xirr([
      { time: at("2025-01-01T00:00:00Z"), amount: -1000 },
      { time: at("2026-01-01T00:00:00Z"), amount: 1100 }
    ])
    expect(r).toBeCloseTo(0.1, 9)
  })

  it("matches the worked example of the spreadsheet function (37.34%)", () => {
    const r = xirr([
      { time: at("2008-01-01T00:00:00Z"), amount: -10000 },
      { time: at("2008-03-01T00:00:00Z"), amount: 2750 },
      { time: at("2008-10-30T00:00:00Z"), amount: 4250 },
      { time: at("2009-02-15T00:00:00Z"), amount: 3250 },
      { time: at("2009-04-01T00:00:00Z"), amount: 2750 }
    ])
    expect(r).toBeCloseTo(0.373362535, 6)
  })

  it("has no answer when money only goes in", () => {
    expect(
      xirr([
        { time: 0, amount: -1 },
        { time: 1, amount: -1 }
      ])
    ).toBeUndefined()
  })
})

describe("valueSeries", () => {
  const t = [0, 1, 2, 3].map((d) => at("2026-01-01T00:00:00Z") + d * 86_400_000)
  const prices: Record<number, string> = { [t[1]!]: "100", [t[2]!]: "110", [t[3]!]: "99" }

  it("links period returns with flows at the start of each period (time-weighted)", () => {
    // 10 bought at 100, worth 1,100 a day later; 10 more bought at 110, then both fall to 99.
    const series = valueSeries(
      [{ entries: [buy(t[0]! + 1, "10", "100"), buy(t[2]! + 1, "10", "110")] }],
      t,
      (_s, time) => (prices[time] === undefined ? undefined : parse(prices[time]!))
    )
    expect(series.values.map((v) => format(v, 2))).toEqual(["0", "1000", "1100", "1980"])
    expect(series.contributions.map((v) => format(v, 2))).toEqual(["0", "1000", "1000", "2100"])
    // 1000/1000, 1100/1000, 1980/(1100 + 1100): the index ends at 1 × 1.1 × 0.9 = 0.99.
    expect(series.index.map((v) => format(v, 6))).toEqual(["1", "1", "1.1", "0.99"])
    expect(format(maxDrawdown(series.index), 6)).toBe("-0.1")
    expect(series.missing.size).toBe(0)
  })

  it("values a symbol without a market price at its last price paid, and says so", () => {
    const series = valueSeries([{ entries: [buy(t[0]! + 1, "2", "40")] }], t, () => undefined)
    expect(series.values.map((v) => format(v, 2))).toEqual(["0", "80", "80", "80"])
    expect([...series.missing]).toEqual([0])
  })
})

describe("price lookups", () => {
  const ends = [10, 20, 30]
  const closes = ["1", "2", "3"].map(parse)
  it("find the last close at or before a time", () => {
    expect([5, 10, 25, 99].map((x) => closeAt(ends, closes, x))).toEqual([
      undefined,
      closes[0],
      closes[1],
      closes[2]
    ])
    const cursor = cursorOf(ends, closes)
    expect([5, 10, 25, 99].map(cursor)).toEqual([undefined, closes[0], closes[1], closes[2]])
  })
})

describe("performance times", () => {
  it("values at the start, every midnight inside the range, and the end", () => {
    const times = valuationTimes(at("2026-01-01T12:00:00Z"), at("2026-01-03T06:00:00Z"))
    expect(times.map((x) => new Date(x).toISOString())).toEqual([
      "2026-01-01T12:00:00.000Z",
      "2026-01-02T00:00:00.000Z",
      "2026-01-03T00:00:00.000Z",
      "2026-01-03T06:00:00.000Z"
    ])
  })

  it("shows Mondays for weeks and firsts of the month for months, with both ends", () => {
    const times = valuationTimes(at("2026-01-01T00:00:00Z"), at("2026-03-10T00:00:00Z"))
    const weeks = sampleTimes(times, "week").map((i) =>
      new Date(times[i]!).toISOString().slice(0, 10)
    )
    expect(weeks.slice(0, 3)).toEqual(["2026-01-01", "2026-01-05", "2026-01-12"])
    expect(weeks[weeks.length - 1]).toBe("2026-03-10")
    const months = sampleTimes(times, "month").map((i) =>
      new Date(times[i]!).toISOString().slice(0, 10)
    )
    expect(months).toEqual(["2026-01-01", "2026-02-01", "2026-03-01", "2026-03-10"])
  })

  it("shows the firsts of January, April, July and October for quarters, of January for years", () => {
    const times = valuationTimes(at("2024-02-15T00:00:00Z"), at("2026-05-20T00:00:00Z"))
    const shown = (interval: "quarter" | "year") =>
      sampleTimes(times, interval).map((i) => new Date(times[i]!).toISOString().slice(0, 10))
    expect(shown("quarter")).toEqual([
      "2024-02-15",
      "2024-04-01",
      "2024-07-01",
      "2024-10-01",
      "2025-01-01",
      "2025-04-01",
      "2025-07-01",
      "2025-10-01",
      "2026-01-01",
      "2026-04-01",
      "2026-05-20"
    ])
    expect(shown("year")).toEqual(["2024-02-15", "2025-01-01", "2026-01-01", "2026-05-20"])
  })

  it("picks a default interval that keeps every range since 1970 within 400 points", () => {
    const span = (days: number) => days * 86_400_000
    expect(
      [366, 367, 7 * 366, 7 * 366 + 1, 30 * 366, 30 * 366 + 1].map((d) => defaultInterval(span(d)))
    ).toEqual(["day", "week", "week", "month", "month", "quarter"])
    const times = valuationTimes(at("1970-01-01T00:00:00Z"), at("2026-12-02T00:00:00Z"))
    const interval = defaultInterval(times[times.length - 1]! - times[0]!)
    expect(sampleTimes(times, interval).length).toBe(229)
  })
})

describe("extreme figures", () => {
  it("converts any finite number exactly, also from 1e21 on where toFixed writes an exponent", () => {
    expect(format(fromNumber(1.5), 4)).toBe("1.5")
    expect(format(fromNumber(-0.000001), 6)).toBe("-0.000001")
    expect(format(fromNumber(1e21), 0)).toBe("1000000000000000000000")
    expect(format(fromNumber(-(2 ** 70)), 0)).toBe("-1180591620717411303424")
    expect(() => fromNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })

  it("a 50% gain in one day annualises to some 1.8e66 %, written out in full", () => {
    const day = Date.parse("2026-01-06T00:00:00Z")
    const figures = summarise(
      {
        times: [day - 86_400_000, day],
        values: [parse("100"), parse("150")],
        contributions: [parse("100"), parse("100")],
        index: [parse("1"), parse("1.5")],
        missing: new Set()
      },
      [0, 1]
    )
    expect(figures.timeWeightedReturnPercent).toBe("50")
    // (1.5 ^ 365.25 − 1) × 100 ≈ 1.8e66: plain digits, never an exponent.
    expect(figures.moneyWeightedReturnPercent).toMatch(/^\d{60,}(\.\d+)?$/)
  })
})
