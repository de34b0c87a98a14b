import { beforeAll, describe, expect, it } from "vitest"
import { LEDGER_RANK } from "../../src/Valuation/Series.js"
import { useTestServer } from "../support/server.js"
import { type Session, signUp } from "../support/session.js"

const { call, ownerQuery } = useTestServer()
let user: Session

beforeAll(async () => {
  user = await signUp(call, "activities")
})

const newPortfolio = async (name: string) =>
  (await call("POST", "/api/portfolios", { token: user.token, body: { name } })).body.id as string

const post = (body: Record<string, unknown>) =>
  call("POST", "/api/transactions", { token: user.token, body })

/** An entry of a type at a time (2026-01-0d), with the fields given. */
const entry = (
  portfolioId: string,
  type: string,
  day: number,
  fields: Record<string, unknown>
) => ({
  portfolioId,
  type,
  executedAt: `2026-01-${String(day).padStart(2, "0")}T10:00:00.000Z`,
  ...fields
})

describe("every activity type", () => {
  it("is recorded with its own fields, read back, listed and filtered", async () => {
    const p = await newPortfolio("All types")
    const bodies = [
      entry(p, "deposit", 1, { amount: "10000", currency: "USD" }),
      entry(p, "buy", 2, {
        symbol: "AAPL",
        quantity: "10",
        price: "150",
        fee: "1",
        currency: "USD"
      }),
      entry(p, "transfer_in", 3, {
        symbol: "MSFT",
        quantity: "4",
        costBasis: "1000",
        currency: "USD"
      }),
      entry(p, "split", 4, { symbol: "AAPL", sharesBefore: "1", sharesAfter: "2" }),
      entry(p, "dividend", 5, {
        symbol: "AAPL",
        amount: "20",
        withholdingTax: "3",
        currency: "USD"
      }),
      entry(p, "interest", 6, { amount: "1.5", currency: "EUR" }),
      entry(p, "sell", 7, { symbol: "AAPL", quantity: "5", price: "80", currency: "USD" }),
      entry(p, "transfer_out", 8, { symbol: "MSFT", quantity: "1" }),
      entry(p, "fee", 9, { amount: "5", currency: "USD" }),
      entry(p, "tax", 10, { symbol: "AAPL", amount: "2", currency: "USD" }),
      entry(p, "withdrawal", 11, { amount: "100", currency: "USD" })
    ]
    for (const body of bodies) {
      const res = await post(body)
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      const { portfolioId: _, ...fields } = body
      expect(res.body).toMatchObject(fields)
      const read = await call("GET", `/api/transactions/${res.body.id}`, { token: user.token })
      expect(read.body).toEqual(res.body)
    }
    const list = await call("GET", `/api/transactions?portfolioId=${p}&order=asc`, {
      token: user.token
    })
    expect(list.body.items.map((t: { type: string }) => t.type)).toEqual(bodies.map((b) => b.type))
    // Defaults are written out; a fee without a symbol has it as null.
    expect(list.body.items[1]).toMatchObject({ fee: "1" })
    expect(list.body.items[5]).toMatchObject({ withholdingTax: "0" })
    expect(list.body.items[8]).toMatchObject({ symbol: null })
    const dividends = await call("GET", `/api/transactions?portfolioId=${p}&type=dividend`, {
      token: user.token
    })
    expect(dividends.body.items).toHaveLength(1)
  })

  it("names the field for input that does not fit the type", async () => {
    const p = await newPortfolio("Bad input")
    for (const [body, path] of [
      [entry(p, "deposit", 1, { amount: "1", currency: "USD", quantity: "1" }), "quantity"],
      [entry(p, "deposit", 1, { amount: "0", currency: "USD" }), "amount"],
      [entry(p, "dividend", 1, { symbol: "AAPL", currency: "USD" }), "amount"],
      [
        entry(p, "dividend", 1, {
          symbol: "AAPL",
          amount: "5",
          withholdingTax: "6",
          currency: "USD"
        }),
        "withholdingTax"
      ],
      [
        entry(p, "split", 1, { symbol: "AAPL", sharesBefore: "2", sharesAfter: "2" }),
        "sharesAfter"
      ],
      [entry(p, "transfer_out", 1, { symbol: "AAPL", quantity: "1", currency: "USD" }), "currency"],
      [entry(p, "swap", 1, {}), "type"]
    ] as const) {
      const res = await post(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(
        res.body.issues.map((i: { path: Array<string> }) => i.path[0]),
        JSON.stringify(res.body)
      ).toContain(path)
    }
    // Cash in a currency nothing converts into the portfolio's base currency.
    const sek = await post(entry(p, "deposit", 1, { amount: "1", currency: "SEK" }))
    expect(sek.status).toBe(422)
    expect(sek.body.issues[0]).toEqual({
      path: ["currency"],
      message: "No FX rate converts SEK into USD, the portfolio's base currency"
    })
  })
})

describe("the order at one instant", () => {
  it("is the same in the database (ledger_rank, packs) and in the value series", async () => {
    const [column] = await ownerQuery(
      (sql) => sql<{ expression: string }>`
        SELECT generation_expression AS expression FROM information_schema.columns
        WHERE table_schema = 'app_data' AND table_name = 'user_transactions'
          AND column_name = 'ledger_rank'`
    )
    const named = Object.fromEntries(
      [...column!.expression.matchAll(/WHEN '(\w+)'(?:::text)? THEN (\d+)/g)].map((m) => [
        m[1],
        Number(m[2])
      ])
    )
    const otherwise = Number(/ELSE (\d+)/.exec(column!.expression)?.[1])
    const ranks = Object.fromEntries(
      Object.keys(LEDGER_RANK).map((type) => [type, named[type] ?? otherwise])
    )
    expect(ranks).toEqual(LEDGER_RANK)
  })
})

describe("the no-oversell rule across types", () => {
  it("holds for transfers out, splits, and deletions of what came in", async () => {
    const p = await newPortfolio("Oversell")
    const buy = await post(
      entry(p, "transfer_in", 1, {
        symbol: "AAPL",
        quantity: "10",
        costBasis: "500",
        currency: "USD"
      })
    )
    expect(buy.status).toBe(201)
    const out = await post(entry(p, "transfer_out", 2, { symbol: "AAPL", quantity: "11" }))
    expect(out.status).toBe(422)
    expect(out.body.message).toBe(
      "Transferring out 11 AAPL on 2026-01-02T10:00:00.000Z would transfer out more than the 10 held then"
    )
    expect(
      (await post(entry(p, "split", 2, { symbol: "AAPL", sharesBefore: "1", sharesAfter: "2" })))
        .status
    ).toBe(201)
    expect(
      (
        await post(
          entry(p, "sell", 3, { symbol: "AAPL", quantity: "20", price: "1", currency: "USD" })
        )
      ).status
    ).toBe(201)
    // A reverse split before that sale would leave it short: refused, naming the split's field.
    const reverse = await post(
      entry(p, "split", 1, { symbol: "AAPL", sharesBefore: "10", sharesAfter: "1" })
    )
    expect(reverse.status).toBe(422)
    expect(reverse.body.issues[0].path).toEqual(["sharesAfter"])
    expect(reverse.body.message).toMatch(
      /^Selling 20 AAPL on 2026-01-03T10:00:00.000Z would sell more than the 2 held then$/
    )
    // Without what came in, the sale is short.
    const gone = await call("DELETE", `/api/transactions/${buy.body.id}`, { token: user.token })
    expect(gone.status).toBe(422)
  })

  it("changes an entry's type, keeping the fields both types have", async () => {
    const p = await newPortfolio("Retyped")
    const bought = await post(
      entry(p, "buy", 1, { symbol: "AAPL", quantity: "3", price: "10", currency: "USD" })
    )
    const asTransfer = await call("PATCH", `/api/transactions/${bought.body.id}`, {
      token: user.token,
      body: { type: "transfer_in", costBasis: "25" }
    })
    expect(asTransfer.status, JSON.stringify(asTransfer.body)).toBe(200)
    expect(asTransfer.body).toEqual({
      ...asTransfer.body,
      type: "transfer_in",
      symbol: "AAPL",
      quantity: "3",
      costBasis: "25",
      currency: "USD"
    })
    expect(asTransfer.body.price).toBeUndefined()
    const stray = await call("PATCH", `/api/transactions/${bought.body.id}`, {
      token: user.token,
      body: { price: "4" }
    })
    expect(stray.status).toBe(400)
    expect(stray.body.issues).toEqual([{ path: ["price"], message: "A transfer in has no price" }])
  })
})
