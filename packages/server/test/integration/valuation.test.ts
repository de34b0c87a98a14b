import { beforeAll, describe, expect, it } from "vitest"
import { uniqueSymbol, usePipeline } from "../support/pipeline.js"
import { useTestServer } from "../support/server.js"
import { type Session, signUp } from "../support/session.js"

const { call, ownerQuery } = useTestServer()
const pipeline = usePipeline()

// Instruments of this file only, with prices it knows.
const A = uniqueSymbol("VA")
const UNPRICED = uniqueSymbol("VB")
const SWISS = uniqueSymbol("VC")
const CHF_USD = uniqueSymbol("FX")

let user: Session
const portfolio = async (name: string) => {
  const res = await call("POST", "/api/portfolios", { token: user.token, body: { name } })
  expect(res.status).toBe(201)
  return res.body.id as string
}
const trade = (portfolioId: string, symbol: string, text: string, executedAt: string) => {
  const [type, quantity, price, fee = "0"] = text.split(" ")
  return call("POST", "/api/transactions", {
    token: user.token,
    body: { portfolioId, symbol, type, quantity, price, fee, currency: "USD", executedAt }
  })
}
const holdings = async (portfolioId: string) =>
  (await call("GET", `/api/portfolios/${portfolioId}/holdings`, { token: user.token })).body
const rowOf = (body: { items: Array<{ symbol: string }> }, symbol: string) =>
  body.items.find((i) => i.symbol === symbol) as Record<string, unknown>

let main: string
beforeAll(async () => {
  user = await signUp(call, "valuation")
  await pipeline.instrument(A)
  await pipeline.instrument(UNPRICED)
  await pipeline.instrument(SWISS, "CHF")
  await pipeline.instrument(CHF_USD, "USD", "CHF")
  await pipeline.candles([
    { symbol: A, interval: "1d", time: "2026-01-05T00:00:00Z", close: "100" },
    { symbol: A, interval: "1d", time: "2026-01-06T00:00:00Z", close: "110" },
    { symbol: A, interval: "1d", time: "2026-01-07T00:00:00Z", close: "121" },
    { symbol: A, interval: "1d", time: "2026-01-08T00:00:00Z", close: "150" },
    { symbol: CHF_USD, interval: "1h", time: "2026-01-05T09:00:00Z", close: "1.1" },
    { symbol: SWISS, interval: "1d", time: "2026-01-07T00:00:00Z", close: "60" }
  ])
  await pipeline.trade(CHF_USD, "2026-01-08T12:00:00Z", "1.2")
  main = await portfolio("Valued")
  for (const [text, at] of [
    ["buy 10 100 1", "2026-01-05T10:00:00Z"],
    ["buy 10 120 1", "2026-01-06T10:00:00Z"],
    ["sell 15 130 2", "2026-01-07T10:00:00Z"]
  ] as const) {
    expect((await trade(main, A, text, at)).status).toBe(201)
  }
})

describe("holdings", () => {
  it("values FIFO lots at the latest price, with realized P&L gross and net of fees", async () => {
    const body = await holdings(main)
    expect(body).toMatchObject({
      baseCurrency: "USD",
      costBasisMethod: "fifo",
      rounding: { amountDecimals: 8, percentDecimals: 4, mode: "half-even" }
    })
    expect(rowOf(body, A)).toEqual({
      symbol: A,
      name: `Test ${A}`,
      assetClass: "equity",
      quantity: "5",
      priceCurrency: "USD",
      latestPrice: "150",
      priceTime: "2026-01-09T00:00:00.000Z",
      costBasis: "600.5",
      averageCost: "120.1",
      marketValue: "750",
      unrealizedPnl: "149.5",
      unrealizedPnlPercent: "24.8959",
      realizedPnl: "350",
      realizedPnlNet: "346.5",
      fees: "4",
      income: "0",
      weightPercent: "100",
      dayChange: "0",
      dayChangePercent: "0",
      problems: []
    })
    expect(body.cash).toEqual([])
    // No deposits: the purchases less the sale are the money put in (1,001 + 1,201 − 1,948).
    expect(body.totals).toEqual({
      marketValue: "750",
      cash: "0",
      totalValue: "750",
      costBasis: "600.5",
      unrealizedPnl: "149.5",
      realizedPnl: "350",
      realizedPnlNet: "346.5",
      fees: "4",
      income: "0",
      withheldTax: "0",
      costs: "0",
      netContributions: "254",
      dayChange: "0",
      unvaluedSymbols: [],
      unvaluedCurrencies: []
    })
  })

  it("recomputes at once under average cost when the method changes", async () => {
    const changed = await call("PATCH", `/api/portfolios/${main}`, {
      token: user.token,
      body: { costBasisMethod: "average" }
    })
    expect(changed.body.costBasisMethod).toBe("average")
    expect(rowOf(await holdings(main), A)).toMatchObject({
      costBasis: "550.5",
      realizedPnl: "300",
      realizedPnlNet: "296.5",
      unrealizedPnl: "199.5"
    })
    await call("PATCH", `/api/portfolios/${main}`, {
      token: user.token,
      body: { costBasisMethod: "fifo" }
    })
    expect(rowOf(await holdings(main), A)).toMatchObject({ costBasis: "600.5" })
  })

  it("reports a missing price on its row and leaves it out of the totals, never as zero", async () => {
    const p = await portfolio("Unpriced")
    expect((await trade(p, UNPRICED, "buy 2 10", "2026-01-05T10:00:00Z")).status).toBe(201)
    const body = await holdings(p)
    expect(rowOf(body, UNPRICED)).toMatchObject({
      quantity: "2",
      costBasis: "20",
      latestPrice: null,
      marketValue: null,
      unrealizedPnl: null,
      weightPercent: null,
      problems: [{ code: "missing_price", message: `No market price for ${UNPRICED}` }]
    })
    expect(body.totals).toMatchObject({ marketValue: "0", unvaluedSymbols: [UNPRICED] })
  })

  it("converts cost at the FX rate of the trade's time and value at the latest rate", async () => {
    const p = await portfolio("Swiss")
    const res = await call("POST", "/api/transactions", {
      token: user.token,
      body: {
        portfolioId: p,
        symbol: SWISS,
        type: "buy",
        quantity: "10",
        price: "50",
        currency: "CHF",
        executedAt: "2026-01-05T10:30:00Z"
      }
    })
    expect(res.status).toBe(201)
    expect(rowOf(await holdings(p), SWISS)).toMatchObject({
      priceCurrency: "CHF",
      latestPrice: "60",
      costBasis: "550",
      marketValue: "720",
      unrealizedPnl: "170"
    })
  })

  it("values every change at once, also one written outside the API", async () => {
    const p = await portfolio("Changing")
    const res = await trade(p, A, "buy 4 100", "2026-01-05T10:00:00Z")
    expect(rowOf(await holdings(p), A)).toMatchObject({ costBasis: "400" })
    await call("PATCH", `/api/transactions/${res.body.id}`, {
      token: user.token,
      body: { price: "101" }
    })
    expect(rowOf(await holdings(p), A)).toMatchObject({ costBasis: "404" })
    // The database keeps the packed ledger and its version, whoever writes.
    await ownerQuery(
      (sql) =>
        sql`UPDATE app_data.user_transactions SET quantity = 5 WHERE id = ${res.body.id} RETURNING id`
    )
    expect(rowOf(await holdings(p), A)).toMatchObject({ quantity: "5", costBasis: "505" })
    await call("DELETE", `/api/transactions/${res.body.id}`, { token: user.token })
    expect((await holdings(p)).items).toEqual([])
  })

  it("answers 404 for a portfolio of another user", async () => {
    const other = await signUp(call, "valuation-other")
    for (const path of ["holdings", "performance"]) {
      const res = await call("GET", `/api/portfolios/${main}/${path}`, { token: other.token })
      expect(res.status).toBe(404)
    }
  })
})

describe("performance", () => {
  it("never fails on extreme figures: shares bought for nothing make a huge return, as plain decimals", async () => {
    const p = await portfolio("Bonus shares")
    expect((await trade(p, A, "buy 1 1", "2026-01-05T10:00:00Z")).status).toBe(201)
    expect((await trade(p, A, "buy 1000000 0", "2026-01-05T11:00:00Z")).status).toBe(201)
    const res = await call(
      "GET",
      `/api/portfolios/${p}/performance?from=2026-01-05T00:00:00Z&to=2026-01-08T12:00:00Z&interval=day`,
      { token: user.token }
    )
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const figures = [
      res.body.timeWeightedReturnPercent,
      res.body.moneyWeightedReturnPercent,
      res.body.maxDrawdownPercent,
      res.body.endValue
    ]
    for (const figure of figures) {
      if (figure !== null) expect(figure).toMatch(/^-?\d+(\.\d+)?$/)
    }
    expect(res.body.endValue).toBe("121000121")
  })

  const range = "from=2026-01-05T00:00:00Z&to=2026-01-09T00:00:00Z"

  it("values each day at its close and links the daily returns", async () => {
    const res = await call("GET", `/api/portfolios/${main}/performance?${range}&interval=day`, {
      token: user.token
    })
    expect(res.status).toBe(200)
    const body = res.body
    expect(body.points.map((p: { value: string }) => p.value)).toEqual([
      "0",
      "1000",
      "2200",
      "605",
      "750"
    ])
    expect(body.points.map((p: { netContributions: string }) => p.netContributions)).toEqual([
      "0",
      "1001",
      "2202",
      "254",
      "254"
    ])
    // Each flow at its own time, the traded security marked at the trade's price then:
    // 1,001 in → 1,000 at the close; 1,200 just before the second purchase (at 120), 2,401 after
    // it → 2,200; 2,600 just before the sale (at 130), 652 after it → 605 → 750.
    const twr =
      (1000 / 1001) * (1200 / 1000) * (2200 / 2401) * (2600 / 2200) * (605 / 652) * (750 / 605) - 1
    expect(Number(body.timeWeightedReturnPercent)).toBeCloseTo(twr * 100, 3)
    expect(body).toMatchObject({
      startValue: "0",
      endValue: "750",
      netContributions: "254",
      missingPrices: [],
      interval: "day"
    })
    // The deepest fall: from the peak just after the second purchase to the close (2200/2401).
    expect(Number(body.maxDrawdownPercent)).toBeCloseTo((2200 / 2401 - 1) * 100, 3)
    expect(Number(body.moneyWeightedReturnPercent)).toBeGreaterThan(0)
  })

  it("compares with its benchmark over the same points, in the base currency", async () => {
    const p = await portfolio("Against A")
    await call("PATCH", `/api/portfolios/${p}`, { token: user.token, body: { benchmark: A } })
    expect((await trade(p, A, "buy 1 100", "2026-01-05T10:00:00Z")).status).toBe(201)
    const res = await call("GET", `/api/portfolios/${p}/performance?${range}&interval=day`, {
      token: user.token
    })
    // A's closes: none yet at the start, then 100, 110, 121, 150.
    expect(res.body.benchmark).toEqual({
      symbol: A,
      points: [
        { time: "2026-01-05T00:00:00.000Z", cumulativeReturnPercent: null },
        { time: "2026-01-06T00:00:00.000Z", cumulativeReturnPercent: "0" },
        { time: "2026-01-07T00:00:00.000Z", cumulativeReturnPercent: "10" },
        { time: "2026-01-08T00:00:00.000Z", cumulativeReturnPercent: "21" },
        { time: "2026-01-09T00:00:00.000Z", cumulativeReturnPercent: "50" }
      ],
      returnPercent: "50",
      // Bought at 100 like the benchmark's first close: the same return, no excess.
      excessReturnPercent: "0"
    })
    // The position against the same benchmark: both from A's first close after the purchase.
    const detail = await call("GET", `/api/portfolios/${p}/positions/${A}`, { token: user.token })
    expect(detail.body.comparison).toEqual({
      since: "2026-01-05T10:00:00.000Z",
      priceReturnPercent: "50",
      benchmark: A,
      benchmarkReturnPercent: "50"
    })
    // The sample market has no SPY prices in January 2026: said so, not failed.
    const spy = await portfolio("Against SPY")
    expect((await trade(spy, A, "buy 1 100", "2026-01-05T10:00:00Z")).status).toBe(201)
    const without = await call("GET", `/api/portfolios/${spy}/performance?${range}`, {
      token: user.token
    })
    expect(without.body.benchmark).toBeNull()
    expect(without.body.unavailable).toContainEqual({
      figure: "benchmark",
      reason: "No prices of SPY in this range"
    })
  })

  it("shows weeks by default over a long range, and refuses too many points", async () => {
    const long = "from=2024-01-01T00:00:00Z&to=2026-01-09T00:00:00Z"
    const weekly = await call("GET", `/api/portfolios/${main}/performance?${long}`, {
      token: user.token
    })
    expect(weekly.body.interval).toBe("week")
    expect(weekly.body.points.length).toBeLessThanOrEqual(400)
    const daily = await call("GET", `/api/portfolios/${main}/performance?${long}&interval=day`, {
      token: user.token
    })
    expect(daily.status).toBe(400)
    expect(daily.body.issues[0].path).toEqual(["interval"])
    const backwards = await call(
      "GET",
      `/api/portfolios/${main}/performance?from=2026-01-09T00:00:00Z&to=2026-01-05T00:00:00Z`,
      { token: user.token }
    )
    expect(backwards.status).toBe(400)
  })
})

describe("a portfolio that keeps cash", () => {
  it("pays for trades from its deposits; dividends, fees and taxes move its cash; it all adds up", async () => {
    const p = await portfolio("With cash")
    for (const [body, at] of [
      [{ type: "deposit", amount: "2000", currency: "USD" }, "2026-01-04T10:00:00Z"],
      [
        { type: "buy", symbol: A, quantity: "10", price: "100", fee: "1", currency: "USD" },
        "2026-01-05T10:00:00Z"
      ],
      [
        { type: "dividend", symbol: A, amount: "20", withholdingTax: "3", currency: "USD" },
        "2026-01-06T10:00:00Z"
      ],
      [{ type: "fee", amount: "5", currency: "USD" }, "2026-01-06T10:00:00Z"],
      [
        { type: "sell", symbol: A, quantity: "5", price: "130", fee: "2", currency: "USD" },
        "2026-01-07T10:00:00Z"
      ],
      [{ type: "withdrawal", amount: "100", currency: "USD" }, "2026-01-08T10:00:00Z"]
    ] as const) {
      const res = await call("POST", "/api/transactions", {
        token: user.token,
        body: { portfolioId: p, executedAt: at, ...body }
      })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    const body = await holdings(p)
    // Cash: 2,000 − 1,001 + 17 − 5 + 648 − 100 = 1,559.
    expect(body.cash).toEqual([
      {
        currency: "USD",
        balance: "1559",
        marketValue: "1559",
        costBasis: "1559",
        unrealizedPnl: "0",
        weightPercent: "67.5184",
        dayChange: "0",
        problems: []
      }
    ])
    expect(rowOf(body, A)).toMatchObject({ quantity: "5", income: "17", weightPercent: "32.4816" })
    // realized 147.5 + unrealized 249.5 + income 17 − costs 5 = 409 = 2,309 − 1,900.
    expect(body.totals).toMatchObject({
      marketValue: "750",
      cash: "1559",
      totalValue: "2309",
      unrealizedPnl: "249.5",
      realizedPnlNet: "147.5",
      income: "17",
      withheldTax: "3",
      costs: "5",
      netContributions: "1900"
    })

    const res = await call(
      "GET",
      `/api/portfolios/${p}/performance?from=2026-01-04T00:00:00Z&to=2026-01-09T00:00:00Z&interval=day`,
      { token: user.token }
    )
    expect(res.body.points.map((x: { value: string }) => x.value)).toEqual([
      "0",
      "2000",
      "1999",
      "2111",
      "2264",
      "2309"
    ])
    expect(res.body.netContributions).toBe("1900")
    // Trades, the dividend and the fee are inside the portfolio: only the deposit and the
    // withdrawal link sub-periods (2,000 → 2,264 before the withdrawal, 2,164 → 2,309 after).
    const twr = (2264 / 2000) * (2309 / 2164) - 1
    expect(Number(res.body.timeWeightedReturnPercent)).toBeCloseTo(twr * 100, 3)
  })
})

describe("a position", () => {
  it("has its open lots, each sale with what it realised, and 404 when never held", async () => {
    const res = await call("GET", `/api/portfolios/${main}/positions/${A}`, { token: user.token })
    expect(res.status).toBe(200)
    expect(res.body.holding).toMatchObject({ symbol: A, quantity: "5", costBasis: "600.5" })
    expect(res.body.lots).toEqual([
      {
        portfolioId: main,
        openedAt: "2026-01-06T10:00:00.000Z",
        quantity: "5",
        costBasis: "600.5",
        unitCost: "120.1"
      }
    ])
    // FIFO: the 10 @ 100 (+1) and 5 of the 10 @ 120 (+0.5) sold at 130 less 2.
    expect(res.body.sales).toEqual([
      {
        portfolioId: main,
        time: "2026-01-07T10:00:00.000Z",
        quantity: "15",
        proceeds: "1950",
        cost: "1600",
        realizedPnl: "350",
        realizedPnlNet: "346.5"
      }
    ])
    expect(res.body.dividends).toEqual([])
    const never = await call("GET", `/api/portfolios/${main}/positions/${UNPRICED}`, {
      token: user.token
    })
    expect(never.status).toBe(404)
  })
})

describe("all portfolios together", () => {
  it("adds up every portfolio, each under its own method, in the currency asked for", async () => {
    const other = await signUp(call, "all-portfolios")
    const as = (path: string) => call("GET", path, { token: other.token })
    const first = (await as("/api/portfolios")).body.items[0].id
    const euro = (
      await call("POST", "/api/portfolios", {
        token: other.token,
        body: { name: "Euro", baseCurrency: "EUR", costBasisMethod: "average" }
      })
    ).body.id
    for (const [portfolioId, quantity, price, fee, at] of [
      [first, "10", "100", "1", "2026-01-05T10:00:00Z"],
      [euro, "5", "110", "0", "2026-01-06T10:00:00Z"]
    ] as const) {
      const res = await call("POST", "/api/transactions", {
        token: other.token,
        body: {
          portfolioId,
          type: "buy",
          symbol: A,
          quantity,
          price,
          fee,
          currency: "USD",
          executedAt: at
        }
      })
      expect(res.status).toBe(201)
    }
    const all = await as("/api/portfolios/all/holdings?currency=USD")
    expect(all.status).toBe(200)
    expect(all.body).toMatchObject({
      portfolioId: "all",
      baseCurrency: "USD",
      costBasisMethod: null
    })
    expect(all.body.items).toHaveLength(1)
    expect(all.body.items[0]).toMatchObject({
      symbol: A,
      quantity: "15",
      costBasis: "1551",
      marketValue: "2250",
      unrealizedPnl: "699",
      weightPercent: "100"
    })
    // The same as each portfolio valued in USD, added up.
    const one = (await as(`/api/portfolios/${first}/holdings?currency=USD`)).body.totals
    const two = (await as(`/api/portfolios/${euro}/holdings?currency=USD`)).body.totals
    expect(Number(all.body.totals.totalValue)).toBe(Number(one.totalValue) + Number(two.totalValue))
    expect(all.body.totals.netContributions).toBe("1551")

    const performance = await as(
      "/api/portfolios/all/performance?currency=USD&from=2026-01-05T00:00:00Z&to=2026-01-09T00:00:00Z&interval=day"
    )
    expect(performance.body.points.map((x: { value: string }) => x.value)).toEqual([
      "0",
      "1000",
      "1650",
      "1815",
      "2250"
    ])
    expect(performance.body.netContributions).toBe("1551")
    // The oldest portfolio's currency by default.
    expect((await as("/api/portfolios/all/holdings")).body.baseCurrency).toBe("USD")
    expect((await as("/api/portfolios/all/holdings?currency=XYZ")).status).toBe(400)
  })
})

describe("ledger rules", () => {
  it("refuses an unknown instrument and a currency nothing converts", async () => {
    const unknown = await trade(main, "NOPE", "buy 1 1", "2026-01-05T10:00:00Z")
    expect(unknown.status).toBe(422)
    expect(unknown.body.issues[0].path).toEqual(["symbol"])
    const sek = await call("POST", "/api/transactions", {
      token: user.token,
      body: {
        portfolioId: main,
        symbol: A,
        type: "buy",
        quantity: "1",
        price: "1",
        currency: "SEK",
        executedAt: "2026-01-05T10:00:00Z"
      }
    })
    expect(sek.status).toBe(422)
    expect(sek.body.issues[0]).toEqual({
      path: ["currency"],
      message: `${A} is quoted in USD, and no FX rate converts SEK into USD`
    })
  })

  it("refuses a sale of more than is held, now or back then, naming the date", async () => {
    const now = await trade(main, A, "sell 6 150", "2026-01-08T10:00:00Z")
    expect(now.status).toBe(422)
    expect(now.body.message).toBe(
      `Selling 6 ${A} on 2026-01-08T10:00:00.000Z would sell more than the 5 held then`
    )
    const backdated = await trade(main, A, "sell 12 100", "2026-01-05T12:00:00Z")
    expect(backdated.status).toBe(422)
    expect(backdated.body.message).toContain("more than the 10 held then")
  })

  it("refuses an edit or a deletion that leaves a later sale short, and keeps the data", async () => {
    const list = await call("GET", `/api/transactions?portfolioId=${main}&symbol=${A}`, {
      token: user.token
    })
    const [sale, second, first] = list.body.items
    const edit = await call("PATCH", `/api/transactions/${first.id}`, {
      token: user.token,
      body: { quantity: "4" }
    })
    expect(edit.status).toBe(422)
    expect(edit.body.message).toBe(
      `Selling 15 ${A} on ${sale.executedAt} would sell more than the 14 held then`
    )
    const removal = await call("DELETE", `/api/transactions/${second.id}`, { token: user.token })
    expect(removal.status).toBe(422)
    expect(rowOf(await holdings(main), A)).toMatchObject({ quantity: "5", costBasis: "600.5" })
  })

  it("serialises concurrent sales of one portfolio: only one of two can sell the last units", async () => {
    const p = await portfolio("Race")
    expect((await trade(p, A, "buy 10 100", "2026-01-05T10:00:00Z")).status).toBe(201)
    const results = await Promise.all([
      trade(p, A, "sell 6 110", "2026-01-06T10:00:00Z"),
      trade(p, A, "sell 6 110", "2026-01-06T11:00:00Z")
    ])
    expect(results.map((r) => r.status).sort()).toEqual([201, 422])
  })
})
