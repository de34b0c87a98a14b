import { describe, expect, it } from "@effect/vitest"
import type { Instrument, Price, Timestamp } from "@trading-app/domain"
import { cashHoldingOf, valueCash } from "../../src/Valuation/Cash.js"
import { combineBySymbol } from "../../src/Valuation/Combine.js"
import { type Fixed, ONE, parse } from "../../src/Valuation/Fixed.js"
import {
  holdingOf,
  totalsOf,
  type ValuationRules,
  valueSymbol
} from "../../src/Valuation/Holdings.js"
import type { Fx } from "../../src/Valuation/Prices.js"
import { entry } from "../support/ledger.js"

const sap = {
  symbol: "SAP.DE",
  name: "SAP SE",
  assetClass: "equity",
  baseCurrency: null,
  quoteCurrency: "EUR",
  active: true
} as unknown as Instrument

const buy = entry("buy 10 @ 200 in EUR", Date.parse("2026-03-05T10:00:00Z"))
const DAY_START = Date.parse("2026-11-23T00:00:00Z")

/** EUR converts at `past` at any past time and at `now` today (none when undefined). */
const fx = (past: Fixed | undefined, now: Fixed | undefined): Fx => ({
  rateAt: (currency) => (currency === "USD" ? ONE : past),
  rateNow: (currency) => (currency === "USD" ? ONE : now)
})
const rules = (f: Fx, tradesMoveCash = false): ValuationRules => ({
  base: "USD",
  method: "fifo",
  fx: f,
  tradesMoveCash,
  dayStart: DAY_START
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
      rules(fx(parse("1.1"), parse("1.2")))
    )
    const row = holdingOf(v, v.marketValue!)
    // The previous close was 200 EUR at 1.1 (2,200 USD); now 210 EUR at 1.2 (2,520 USD): the
    // day's change is 320 USD, of which 100 the price and 220 the currency.
    expect(row).toMatchObject({
      costBasis: "2200",
      marketValue: "2520",
      unrealizedPnl: "320",
      dayChange: "320",
      dayChangePercent: "14.5455",
      weightPercent: "100",
      problems: []
    })
  })

  it("shows a day change from the currency alone when the price did not move", () => {
    const v = valueSymbol(
      { symbol: "SAP.DE", entries: [buy] },
      { ...market, previousClose: parse("210") },
      rules(fx(parse("1.1"), parse("1.2")))
    )
    // 10 × 210 × (1.2 − 1.1) = 210 USD.
    expect(holdingOf(v, v.marketValue!)).toMatchObject({
      dayChange: "210",
      dayChangePercent: "9.0909"
    })
  })

  it("keeps cash per currency with its book value, its currency gain and its day change", () => {
    const entries = [
      entry("deposit 1000 in EUR", Date.parse("2026-03-01T00:00:00Z")),
      buy,
      entry("dividend 50 tax 5 in EUR", Date.parse("2026-04-01T00:00:00Z"))
    ]
    const r = rules(
      {
        rateAt: (_c, time) => (time < DAY_START ? parse("1.1") : parse("1.15")),
        rateNow: () => parse("1.2")
      },
      true
    )
    const v = valueSymbol({ symbol: "SAP.DE", entries }, market, r)
    const cash = valueCash([v], r)
    const totals = totalsOf([v], cash)
    // 1,000 − 2,000 + 45 = −955 EUR (negative cash is shown, not refused); book 1,100 − 2,200
    // + 45 × 1.1 = −1,050.5 USD; at 1.2 it is −1,146 USD, a currency loss of 95.5.
    expect(cash.map((c) => cashHoldingOf(c, totals.totalValue))).toEqual([
      {
        currency: "EUR",
        balance: "-955",
        marketValue: "-1146",
        costBasis: "-1050.5",
        unrealizedPnl: "-95.5",
        weightPercent: "-83.4061",
        dayChange: "-47.75",
        problems: []
      }
    ])
    // realizedNet 0 + unrealized (320 − 95.5) + income 49.5 − costs 0 = 274
    //   = total value (2,520 − 1,146) − net contributions 1,100.
    expect(totals.presented).toMatchObject({
      totalValue: "1374",
      unrealizedPnl: "224.5",
      income: "49.5",
      withheldTax: "5.5",
      netContributions: "1100"
    })
  })

  it("reports a missing rate at a trade's time, with no cost and no totals, never zero", () => {
    const v = valueSymbol(
      { symbol: "SAP.DE", entries: [buy] },
      market,
      rules(fx(undefined, parse("1.2")))
    )
    const row = holdingOf(v, 0n)
    expect(row).toMatchObject({ costBasis: null, realizedPnl: null, unrealizedPnl: null })
    expect(row.problems).toEqual([
      {
        code: "missing_fx_rate",
        message: "No EUR/USD rate at the time of a transaction, so its cost is unknown"
      }
    ])
    expect(totalsOf([v], []).presented).toMatchObject({
      marketValue: "0",
      unvaluedSymbols: ["SAP.DE"]
    })
  })

  it("reports a missing current rate on the row, with no market value", () => {
    const v = valueSymbol(
      { symbol: "SAP.DE", entries: [buy] },
      market,
      rules(fx(parse("1.1"), undefined))
    )
    const row = holdingOf(v, 0n)
    expect(row).toMatchObject({ costBasis: "2200", marketValue: null, weightPercent: null })
    expect(row.problems).toEqual([{ code: "missing_fx_rate", message: "No current EUR/USD rate" }])
  })
})

describe("combineBySymbol", () => {
  it("adds up a security held in several portfolios, unknown when unknown in any", () => {
    const r = rules(fx(parse("1.1"), parse("1.2")))
    const a = valueSymbol({ symbol: "SAP.DE", entries: [buy] }, market, r)
    const b = valueSymbol(
      {
        symbol: "SAP.DE",
        entries: [entry("buy 5 @ 220 in EUR", Date.parse("2026-04-01T00:00:00Z"))]
      },
      market,
      r
    )
    const [both] = combineBySymbol([a, b])
    // 10 @ 200 and 5 @ 220 EUR at 1.1: cost 2,200 + 1,210; 15 × 210 × 1.2 = 3,780.
    expect(holdingOf(both!, both!.marketValue!)).toMatchObject({
      quantity: "15",
      costBasis: "3410",
      marketValue: "3780",
      unrealizedPnl: "370"
    })
    const unpriced = valueSymbol(
      { symbol: "SAP.DE", entries: [buy] },
      { ...market, latest: undefined },
      r
    )
    const [partly] = combineBySymbol([a, unpriced])
    expect(holdingOf(partly!, 0n)).toMatchObject({ quantity: "20", marketValue: null })
    expect(partly!.problems.map((p) => p.code)).toEqual(["missing_price"])
  })
})
