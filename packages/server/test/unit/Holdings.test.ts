import { describe, expect, it } from "@effect/vitest"
import type { Instrument, Price, Timestamp } from "@trading-app/domain"
import { type Fixed, ONE, parse, units } from "../../src/Valuation/Fixed.js"
import { holdingOf, totalsOf, valueSymbol } from "../../src/Valuation/Holdings.js"
import type { LedgerEntry } from "../../src/Valuation/Ledger.js"
import type { Fx } from "../../src/Valuation/Prices.js"

const sap = {
  symbol: "SAP.DE",
  name: "SAP SE",
  assetClass: "equity",
  baseCurrency: null,
  quoteCurrency: "EUR",
  active: true
} as unknown as Instrument

const buy: LedgerEntry = {
  side: "buy",
  quantity: units("10"),
  price: units("200"),
  fee: units("0"),
  currency: "EUR",
  time: Date.parse("2026-03-05T10:00:00Z")
}

/** EUR converts at 1.1 at any past time and at `now` today (none when undefined). */
const fx = (past: Fixed | undefined, now: Fixed | undefined): Fx => ({
  rateAt: (currency) => (currency === "USD" ? ONE : past),
  rateNow: (currency) => (currency === "USD" ? ONE : now)
})

const latest = {
  price: parse("210"),
  text: "210" as Price,
  time: "2026-11-23T15:00:00.000Z" as Timestamp
}
const market = { instrument: sap, latest, previousClose: parse("200") }

describe("valueSymbol", () => {
  it("converts cost at the trade's rate and value at today's", () => {
    const v = valueSymbol(
      { symbol: "SAP.DE", entries: [buy] },
      market,
      "fifo",
      fx(parse("1.1"), parse("1.2")),
      "USD"
    )
    const row = holdingOf(v, v.marketValue!)
    expect(row).toMatchObject({
      costBasis: "2200",
      marketValue: "2520",
      unrealizedPnl: "320",
      dayChange: "120",
      dayChangePercent: "5",
      weightPercent: "100",
      problems: []
    })
  })

  it("reports a missing rate at a trade's time, with no cost and no totals, never zero", () => {
    const v = valueSymbol(
      { symbol: "SAP.DE", entries: [buy] },
      market,
      "fifo",
      fx(undefined, parse("1.2")),
      "USD"
    )
    const row = holdingOf(v, 0n)
    expect(row).toMatchObject({ costBasis: null, realizedPnl: null, unrealizedPnl: null })
    expect(row.problems).toEqual([
      {
        code: "missing_fx_rate",
        message: "No EUR/USD rate at the time of a transaction, so its cost is unknown"
      }
    ])
    expect(totalsOf([v]).presented).toMatchObject({ marketValue: "0", unvaluedSymbols: ["SAP.DE"] })
  })

  it("reports a missing current rate on the row, with no market value", () => {
    const v = valueSymbol(
      { symbol: "SAP.DE", entries: [buy] },
      market,
      "fifo",
      fx(parse("1.1"), undefined),
      "USD"
    )
    const row = holdingOf(v, 0n)
    expect(row).toMatchObject({ costBasis: "2200", marketValue: null, weightPercent: null })
    expect(row.problems).toEqual([{ code: "missing_fx_rate", message: "No current EUR/USD rate" }])
  })
})
