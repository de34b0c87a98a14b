import { describe, expect, it } from "@effect/vitest"
import {
  DAY,
  generateCandles,
  HOUR,
  isOpen,
  SAMPLE_INSTRUMENTS,
  seededRandom,
  stepSigma
} from "../../src/dev/SampleMarket.js"

const btc = SAMPLE_INSTRUMENTS.find((i) => i.symbol === "BTC-USD")!
const aapl = SAMPLE_INSTRUMENTS.find((i) => i.symbol === "AAPL")!
const now = Date.parse("2026-11-23T15:00:00Z")

describe("sample market", () => {
  it("is the same for the same seed, and ends at the reference price", () => {
    const make = () =>
      generateCandles(btc, {
        interval: "1h",
        from: now - 30 * DAY,
        to: now,
        endPrice: btc.price,
        random: seededRandom(42)
      })
    const a = make()
    expect(a).toEqual(make())
    expect(a).toHaveLength(30 * 24)
    expect(Number(a[a.length - 1]!.close)).toBeCloseTo(btc.price, 2)
    for (const c of a) {
      expect(Number(c.high)).toBeGreaterThanOrEqual(Math.max(Number(c.open), Number(c.close)))
      expect(Number(c.low)).toBeLessThanOrEqual(Math.min(Number(c.open), Number(c.close)))
    }
  })

  it("has the instrument's volatility, annualised from its log returns", () => {
    const candles = generateCandles(btc, {
      interval: "1h",
      from: now - 365 * DAY,
      to: now,
      endPrice: btc.price,
      random: seededRandom(7)
    })
    const returns = candles.map((c) => Math.log(Number(c.close) / Number(c.open)))
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length
    const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1)
    const annual = Math.sqrt(variance) * Math.sqrt(returns.length)
    expect(annual).toBeGreaterThan(btc.volatility * 0.9)
    expect(annual).toBeLessThan(btc.volatility * 1.1)
    expect(stepSigma(btc, HOUR)).toBeCloseTo(btc.volatility / Math.sqrt(365 * 24), 10)
  })

  it("trades equities only in their session, on weekdays", () => {
    expect(isOpen(aapl.session, Date.parse("2026-11-23T15:00:00Z"))).toBe(true) // Monday
    expect(isOpen(aapl.session, Date.parse("2026-11-23T22:00:00Z"))).toBe(false)
    expect(isOpen(aapl.session, Date.parse("2026-11-22T15:00:00Z"))).toBe(false) // Sunday
    expect(isOpen(btc.session, Date.parse("2026-11-22T03:00:00Z"))).toBe(true)
    const week = generateCandles(aapl, {
      interval: "1h",
      from: Date.parse("2026-11-16T00:00:00Z"),
      to: Date.parse("2026-11-23T00:00:00Z"),
      endPrice: aapl.price,
      random: seededRandom(1)
    })
    expect(week).toHaveLength(5 * 7)
  })
})
