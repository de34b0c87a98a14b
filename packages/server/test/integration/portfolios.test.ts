import { beforeAll, describe, expect, it } from "vitest"
import { useTestServer } from "../support/server.js"
import { type Session, signUp } from "../support/session.js"

let user: Session

const { call, ownerQuery } = useTestServer()

beforeAll(async () => {
  user = await signUp(call, "portfolios")
})

const trade = (portfolioId: string) => ({
  portfolioId,
  symbol: "AAPL",
  type: "buy",
  quantity: "2",
  price: "150.25",
  currency: "USD",
  executedAt: "2026-01-05T15:00:00Z"
})

describe("portfolios", () => {
  it("creates, reads, lists, renames and deletes", async () => {
    const created = await call("POST", "/api/portfolios", {
      token: user.token,
      body: { name: "  Crypto  ", baseCurrency: "eur" }
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: "Crypto", baseCurrency: "EUR" })
    const id = created.body.id

    const got = await call("GET", `/api/portfolios/${id}`, { token: user.token })
    expect(got.body).toEqual(created.body)

    const list = await call("GET", "/api/portfolios", { token: user.token })
    expect(list.body.items.map((p: { name: string }) => p.name)).toContain("Crypto")

    const renamed = await call("PATCH", `/api/portfolios/${id}`, {
      token: user.token,
      body: { name: "Coins" }
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ name: "Coins", baseCurrency: "EUR" })
    expect(new Date(renamed.body.updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(created.body.updatedAt).getTime()
    )

    expect((await call("DELETE", `/api/portfolios/${id}`, { token: user.token })).status).toBe(204)
    expect((await call("GET", `/api/portfolios/${id}`, { token: user.token })).status).toBe(404)
  })

  it("keeps names unique per user, case-insensitively, on create and rename", async () => {
    await call("POST", "/api/portfolios", { token: user.token, body: { name: "Long term" } })
    const dup = await call("POST", "/api/portfolios", {
      token: user.token,
      body: { name: "LONG TERM" }
    })
    expect(dup.status).toBe(409)
    expect(dup.body).toMatchObject({ _tag: "Conflict", field: "name" })
    const other = await call("POST", "/api/portfolios", {
      token: user.token,
      body: { name: "Short term" }
    })
    const rename = await call("PATCH", `/api/portfolios/${other.body.id}`, {
      token: user.token,
      body: { name: "long term" }
    })
    expect(rename.status).toBe(409)
    // Another user may use the same name.
    const someoneElse = await signUp(call)
    const theirs = await call("POST", "/api/portfolios", {
      token: someoneElse.token,
      body: { name: "Long term" }
    })
    expect(theirs.status).toBe(201)
  })

  it("validates names and currencies with the field named", async () => {
    const cases = [
      [{ name: "" }, ["name"]],
      [{ name: "x".repeat(101) }, ["name"]],
      [{ name: "Ok", baseCurrency: "XYZ" }, ["baseCurrency"]],
      [{ name: 42 }, ["name"]],
      [{ name: "Ok", userId: user.userId }, ["userId"]],
      [{ name: "Ok", createdAt: "2026-01-01T00:00:00Z" }, ["createdAt"]]
    ] as const
    for (const [body, path] of cases) {
      const res = await call("POST", "/api/portfolios", { token: user.token, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.issues.map((i: { path: unknown }) => i.path)).toContainEqual(path)
    }
    const badId = await call("GET", "/api/portfolios/not-a-uuid", { token: user.token })
    expect(badId.status).toBe(400)
    expect(badId.body.issues[0].path).toEqual(["portfolioId"])
  })

  it("deletes a portfolio with transactions only when forced, and then with them", async () => {
    const p = await call("POST", "/api/portfolios", {
      token: user.token,
      body: { name: "To delete" }
    })
    const t = await call("POST", "/api/transactions", { token: user.token, body: trade(p.body.id) })
    expect(t.status).toBe(201)

    const refused = await call("DELETE", `/api/portfolios/${p.body.id}`, { token: user.token })
    expect(refused.status).toBe(409)
    expect(refused.body.message).toMatch(/force=true/)
    expect(
      (await call("GET", `/api/transactions/${t.body.id}`, { token: user.token })).status
    ).toBe(200)

    const forced = await call("DELETE", `/api/portfolios/${p.body.id}?force=true`, {
      token: user.token
    })
    expect(forced.status).toBe(204)
    expect(
      (await call("GET", `/api/transactions/${t.body.id}`, { token: user.token })).status
    ).toBe(404)
    const [left] = await ownerQuery(
      (sql) =>
        sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM app_data.user_transactions WHERE portfolio_id = ${p.body.id}`
    )
    expect(left!.n).toBe(0)
  })

  it("compares with SPY by default, with any known instrument, or with nothing", async () => {
    const first = (await call("GET", "/api/portfolios", { token: user.token })).body.items[0]
    expect(first.benchmark).toBe("SPY")
    const created = await call("POST", "/api/portfolios", {
      token: user.token,
      body: { name: "Benchmarked", benchmark: "btc-usd" }
    })
    expect(created.body.benchmark).toBe("BTC-USD")
    const unknown = await call("PATCH", `/api/portfolios/${created.body.id}`, {
      token: user.token,
      body: { benchmark: "NOPE" }
    })
    expect(unknown.status).toBe(422)
    expect(unknown.body.issues[0].path).toEqual(["benchmark"])
    const none = await call("PATCH", `/api/portfolios/${created.body.id}`, {
      token: user.token,
      body: { benchmark: null }
    })
    expect(none.body.benchmark).toBeNull()
    const performance = await call("GET", `/api/portfolios/${created.body.id}/performance`, {
      token: user.token
    })
    expect(performance.body.benchmark).toBeNull()
  })

  it("answers 404 for a portfolio that does not exist", async () => {
    const id = crypto.randomUUID()
    expect((await call("GET", `/api/portfolios/${id}`, { token: user.token })).status).toBe(404)
    expect(
      (await call("PATCH", `/api/portfolios/${id}`, { token: user.token, body: { name: "x" } }))
        .status
    ).toBe(404)
    expect((await call("DELETE", `/api/portfolios/${id}`, { token: user.token })).status).toBe(404)
  })
})
