import { beforeAll, describe, expect, it } from "vitest"
import { useTestServer } from "../support/server.js"
import { type Session, signUp } from "../support/session.js"

let alice: Session
let bob: Session
let alicePortfolio: string
let aliceTransaction: string
let bobPortfolio: string

const trade = (portfolioId: string) => ({
  portfolioId,
  symbol: "ETH-USD",
  type: "buy",
  quantity: "3",
  price: "2500",
  currency: "USD",
  executedAt: "2026-04-01T12:00:00Z"
})

const snapshot = () =>
  ownerQuery(
    (sql) => sql`
      SELECT p.name, p.base_currency, p.updated_at, t.quantity::text, t.updated_at AS t_updated
      FROM app_data.user_portfolios p LEFT JOIN app_data.user_transactions t ON t.portfolio_id = p.id
      WHERE p.user_id = ${alice.userId} ORDER BY p.id, t.id`
  )

const { call, ownerQuery } = useTestServer()

beforeAll(async () => {
  alice = await signUp(call, "alice")
  bob = await signUp(call, "bob")
  alicePortfolio = (await call("GET", "/api/portfolios", { token: alice.token })).body.items[0].id
  bobPortfolio = (await call("GET", "/api/portfolios", { token: bob.token })).body.items[0].id
  aliceTransaction = (
    await call("POST", "/api/transactions", { token: alice.token, body: trade(alicePortfolio) })
  ).body.id
})

describe("another user's ids", () => {
  it("answer 404 on every endpoint and change nothing", async () => {
    const before = await snapshot()
    const attempts: Array<[string, string, unknown?]> = [
      ["GET", `/api/portfolios/${alicePortfolio}`],
      ["PATCH", `/api/portfolios/${alicePortfolio}`, { name: "Mine now" }],
      ["DELETE", `/api/portfolios/${alicePortfolio}`],
      ["DELETE", `/api/portfolios/${alicePortfolio}?force=true`],
      ["GET", `/api/transactions/${aliceTransaction}`],
      ["PATCH", `/api/transactions/${aliceTransaction}`, { quantity: "1000" }],
      ["DELETE", `/api/transactions/${aliceTransaction}`],
      ["POST", "/api/transactions", trade(alicePortfolio)],
      // Moving one's own transaction into someone else's portfolio is refused too.
      [
        "PATCH",
        `/api/transactions/${(await call("POST", "/api/transactions", { token: bob.token, body: trade(bobPortfolio) })).body.id}`,
        { portfolioId: alicePortfolio }
      ]
    ]
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, { token: bob.token, body })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.body._tag).toBe("NotFound")
    }
    expect(await snapshot()).toEqual(before)
  })

  it("never appear in lists, even when asked for by id", async () => {
    const list = await call("GET", `/api/transactions?portfolioId=${alicePortfolio}`, {
      token: bob.token
    })
    expect(list.status).toBe(200)
    expect(list.body.items).toEqual([])
    const all = await call("GET", "/api/transactions", { token: bob.token })
    expect(all.body.items.map((t: { portfolioId: string }) => t.portfolioId)).not.toContain(
      alicePortfolio
    )
    const portfolios = await call("GET", "/api/portfolios", { token: bob.token })
    expect(portfolios.body.items.map((p: { id: string }) => p.id)).toEqual([bobPortfolio])
    const me = await call("GET", "/api/users/me", { token: bob.token })
    expect(me.body.id).toBe(bob.userId)
  })

  it("leave the owner's access intact", async () => {
    expect(
      (await call("GET", `/api/transactions/${aliceTransaction}`, { token: alice.token })).status
    ).toBe(200)
    expect(
      (await call("GET", `/api/portfolios/${alicePortfolio}`, { token: alice.token })).status
    ).toBe(200)
  })
})

describe("without a token", () => {
  it("every endpoint but auth and health answers 401", async () => {
    const id = crypto.randomUUID()
    for (const [method, path] of [
      ["GET", "/api/users/me"],
      ["GET", "/api/portfolios"],
      ["POST", "/api/portfolios"],
      ["GET", `/api/portfolios/${id}`],
      ["PATCH", `/api/portfolios/${id}`],
      ["DELETE", `/api/portfolios/${id}`],
      ["GET", "/api/transactions"],
      ["POST", "/api/transactions"],
      ["GET", `/api/transactions/${id}`],
      ["PATCH", `/api/transactions/${id}`],
      ["DELETE", `/api/transactions/${id}`]
    ] as const) {
      const res = await call(
        method,
        path,
        method === "POST" || method === "PATCH" ? { body: {} } : {}
      )
      expect(res.status, `${method} ${path}`).toBe(401)
    }
  })
})
