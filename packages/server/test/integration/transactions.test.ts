import { beforeAll, describe, expect, it } from "vitest"
import { useTestServer } from "../support/server.js"
import { type Session, signUp } from "../support/session.js"

let user: Session
let portfolioId: string

const { call, ownerQuery } = useTestServer()

beforeAll(async () => {
  user = await signUp(call, "transactions")
  portfolioId = (await call("GET", "/api/portfolios", { token: user.token })).body.items[0].id
})

const trade = (overrides: Record<string, unknown> = {}) => ({
  portfolioId,
  symbol: "btc-usd",
  type: "buy",
  quantity: "0.5",
  price: "43000.10",
  fee: "1.5",
  currency: "usd",
  executedAt: "2026-02-01T10:00:00.000Z",
  note: "first",
  ...overrides
})

const create = async (
  session: Session,
  body: Record<string, unknown>,
  headers?: Record<string, string>
) =>
  call("POST", "/api/transactions", { token: session.token, body, ...(headers ? { headers } : {}) })

describe("transactions CRUD", () => {
  it("creates, reads, updates and deletes", async () => {
    const created = await create(user, trade())
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      portfolioId,
      symbol: "BTC-USD",
      type: "buy",
      quantity: "0.5",
      price: "43000.1",
      fee: "1.5",
      currency: "USD",
      executedAt: "2026-02-01T10:00:00.000Z",
      note: "first"
    })
    expect(Object.keys(created.body).sort()).toEqual(
      [
        "createdAt",
        "currency",
        "executedAt",
        "fee",
        "id",
        "note",
        "portfolioId",
        "price",
        "quantity",
        "symbol",
        "type",
        "updatedAt"
      ].sort()
    )
    const id = created.body.id
    expect((await call("GET", `/api/transactions/${id}`, { token: user.token })).body).toEqual(
      created.body
    )

    // An earlier purchase, so that the transaction may become a sale of part of it.
    expect(
      (await create(user, trade({ quantity: "1", executedAt: "2026-01-01T00:00:00Z" }))).status
    ).toBe(201)
    const updated = await call("PATCH", `/api/transactions/${id}`, {
      token: user.token,
      body: { quantity: "0.75", type: "sell", note: null }
    })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({
      quantity: "0.75",
      type: "sell",
      note: null,
      price: "43000.1"
    })

    const unchanged = await call("PATCH", `/api/transactions/${id}`, {
      token: user.token,
      body: { price: "1" }
    })
    expect(unchanged.body).toMatchObject({ quantity: "0.75", type: "sell", note: null, price: "1" })

    expect((await call("DELETE", `/api/transactions/${id}`, { token: user.token })).status).toBe(
      204
    )
    expect((await call("GET", `/api/transactions/${id}`, { token: user.token })).status).toBe(404)
    expect((await call("DELETE", `/api/transactions/${id}`, { token: user.token })).status).toBe(
      404
    )
  })

  it("defaults the fee to zero and allows a zero price", async () => {
    const { fee: _fee, note: _note, ...rest } = trade()
    const res = await create(user, { ...rest, price: "0" })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ fee: "0", price: "0", note: null })
  })

  it("round-trips decimals exactly", async () => {
    for (const [quantity, price] of [
      ["0.0000000001", "123456789012345678.5"],
      ["999999999999999999.9999999999", "0.1"],
      ["000001.2300", "0.30"]
    ] as const) {
      const res = await create(user, trade({ quantity, price }))
      expect(res.status, quantity).toBe(201)
      const canonical = (s: string) =>
        s
          .replace(/^0+(?=\d)/, "")
          .replace(/(\.\d*?)0+$/, "$1")
          .replace(/\.$/, "")
      expect(res.body.quantity).toBe(canonical(quantity))
      expect(res.body.price).toBe(canonical(price))
      const back = await call("GET", `/api/transactions/${res.body.id}`, { token: user.token })
      expect(back.body.quantity).toBe(canonical(quantity))
      const [row] = await ownerQuery(
        (sql) => sql<{ exact: boolean }>`
          SELECT quantity = ${quantity}::numeric AND price = ${price}::numeric AS exact
          FROM app_data.user_transactions WHERE id = ${res.body.id}`
      )
      expect(row!.exact).toBe(true)
    }
  })

  it("names the offending field for every kind of bad input", async () => {
    const cases: Array<[Record<string, unknown>, ReadonlyArray<string>]> = [
      [trade({ quantity: "0" }), ["quantity"]],
      [trade({ quantity: "-1" }), ["quantity"]],
      [trade({ quantity: 1 }), ["quantity"]],
      [trade({ quantity: "1e5" }), ["quantity"]],
      [trade({ quantity: "1.00000000001" }), ["quantity"]],
      [trade({ quantity: "1234567890123456789" }), ["quantity"]],
      [trade({ price: "-0.01" }), ["price"]],
      [trade({ fee: "-1" }), ["fee"]],
      [trade({ type: "short" }), ["type"]],
      [trade({ symbol: "bad symbol!" }), ["symbol"]],
      [trade({ symbol: "A".repeat(33) }), ["symbol"]],
      [trade({ currency: "DOLLARS" }), ["currency"]],
      [trade({ executedAt: "2026-02-01" }), ["executedAt"]],
      [trade({ executedAt: "2026-02-01T10:00:00" }), ["executedAt"]],
      [trade({ executedAt: new Date(Date.now() + 86_400_000).toISOString() }), ["executedAt"]],
      [trade({ note: "x".repeat(1001) }), ["note"]],
      [trade({ portfolioId: "nope" }), ["portfolioId"]],
      [trade({ id: crypto.randomUUID() }), ["id"]],
      [trade({ userId: user.userId }), ["userId"]],
      [trade({ createdAt: "2026-01-01T00:00:00Z" }), ["createdAt"]]
    ]
    for (const [body, path] of cases) {
      const res = await create(user, body)
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400)
      expect(res.body.message.length).toBeGreaterThan(0)
      expect(
        res.body.issues.map((i: { path: unknown }) => i.path),
        JSON.stringify(res.body)
      ).toContainEqual(path)
    }
    const patch = await call("PATCH", `/api/transactions/${crypto.randomUUID()}`, {
      token: user.token,
      body: { executedAt: new Date(Date.now() + 86_400_000).toISOString() }
    })
    expect(patch.status).toBe(400)
    expect(patch.body.issues[0].path).toEqual(["executedAt"])
  })

  it("answers 404 for a portfolio that is not the caller's", async () => {
    const res = await create(user, trade({ portfolioId: crypto.randomUUID() }))
    expect(res.status).toBe(404)
    expect(res.body.message).toMatch(/Portfolio/)
  })
})

describe("idempotent create", () => {
  it("returns the first result for a retried request and stores one row", async () => {
    const key = crypto.randomUUID()
    const body = trade({ note: `idem ${key}` })
    const [a, b] = await Promise.all([
      create(user, body, { "idempotency-key": key }),
      create(user, body, { "idempotency-key": key })
    ])
    const c = await create(user, body, { "idempotency-key": key })
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201])
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1)
    const [row] = await ownerQuery(
      (sql) =>
        sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM app_data.user_transactions WHERE note = ${`idem ${key}`}`
    )
    expect(row!.n).toBe(1)
  })

  it("refuses a key reused for a different request", async () => {
    const key = crypto.randomUUID()
    expect((await create(user, trade(), { "idempotency-key": key })).status).toBe(201)
    const res = await create(user, trade({ quantity: "2" }), { "idempotency-key": key })
    expect(res.status).toBe(409)
    expect(res.body.field).toBe("Idempotency-Key")
  })

  it("keeps keys per user", async () => {
    const other = await signUp(call)
    const otherPortfolio = (await call("GET", "/api/portfolios", { token: other.token })).body
      .items[0].id
    const key = crypto.randomUUID()
    const mine = await create(user, trade(), { "idempotency-key": key })
    const theirs = await call("POST", "/api/transactions", {
      token: other.token,
      body: trade({ portfolioId: otherPortfolio }),
      headers: { "idempotency-key": key }
    })
    expect(theirs.status).toBe(201)
    expect(theirs.body.id).not.toBe(mine.body.id)
  })
})

describe("listing", () => {
  it("pages newest first with a stable keyset cursor, even under concurrent inserts", async () => {
    const session = await signUp(call, "paging")
    const pid = (await call("GET", "/api/portfolios", { token: session.token })).body.items[0].id
    // Several rows share an executedAt, so the id must break ties.
    const times = [
      "2026-01-01T00:00:00Z",
      "2026-01-02T00:00:00Z",
      "2026-01-02T00:00:00Z",
      "2026-01-02T00:00:00Z",
      "2026-01-03T00:00:00Z",
      "2026-01-04T00:00:00Z",
      "2026-01-04T00:00:00Z"
    ]
    for (const executedAt of times) {
      expect((await create(session, trade({ portfolioId: pid, executedAt }))).status).toBe(201)
    }
    const seen: Array<{ id: string; executedAt: string }> = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = `/api/transactions?limit=3${cursor ? `&cursor=${cursor}` : ""}`
      const page = await call("GET", query, { token: session.token })
      expect(page.status).toBe(200)
      expect(page.headers.get("content-type")).toBe("application/json")
      seen.push(...page.body.items)
      cursor = page.body.nextCursor
      pages++
      if (pages === 1) {
        // Rows inserted while paging, newer or older, never shift the pages already handed out.
        await create(session, trade({ portfolioId: pid, executedAt: "2026-01-05T00:00:00Z" }))
      }
    } while (cursor !== null)
    expect(pages).toBe(3)
    // The concurrent newer row is not in the later pages; nothing is missing or repeated.
    expect(seen).toHaveLength(7)
    expect(new Set(seen.map((t) => t.id)).size).toBe(7)
    const keys = seen.map((t) => `${t.executedAt}|${t.id}`)
    expect([...keys].sort().reverse()).toEqual(keys)
  })

  it("pages oldest first with order=asc, ties broken by id", async () => {
    const session = await signUp(call, "paging-asc")
    const pid = (await call("GET", "/api/portfolios", { token: session.token })).body.items[0].id
    for (const executedAt of [
      "2026-02-03T00:00:00Z",
      "2026-02-01T00:00:00Z",
      "2026-02-02T00:00:00Z",
      "2026-02-02T00:00:00Z",
      "2026-02-04T00:00:00Z"
    ]) {
      expect((await create(session, trade({ portfolioId: pid, executedAt }))).status).toBe(201)
    }
    const seen: Array<{ id: string; executedAt: string }> = []
    let cursor: string | null = null
    do {
      const query: string = `/api/transactions?order=asc&limit=2${cursor ? `&cursor=${cursor}` : ""}`
      const page = await call("GET", query, { token: session.token })
      expect(page.status).toBe(200)
      seen.push(...page.body.items)
      cursor = page.body.nextCursor
    } while (cursor !== null)
    const keys = seen.map((t) => `${t.executedAt}|${t.id}`)
    expect(keys).toHaveLength(5)
    expect([...keys].sort()).toEqual(keys)
    const bad = await call("GET", "/api/transactions?order=up", { token: session.token })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toEqual(["order"])
  })

  it("orders by any column, page by page, ties by time and id; counts on the first page", async () => {
    const session = await signUp(call, "sorting")
    const pid = (await call("GET", "/api/portfolios", { token: session.token })).body.items[0].id
    const post = (type: string, day: number, fields: Record<string, unknown>) =>
      call("POST", "/api/transactions", {
        token: session.token,
        body: {
          portfolioId: pid,
          type,
          executedAt: `2026-02-0${day}T10:00:00.000Z`,
          ...fields
        }
      }).then((res) => expect(res.status, JSON.stringify(res.body)).toBe(201))
    await post("deposit", 1, { amount: "100000", currency: "USD" })
    await post("buy", 2, { symbol: "MSFT", quantity: "3", price: "400", fee: "2", currency: "USD" })
    await post("buy", 3, {
      symbol: "AAPL",
      quantity: "10",
      price: "150",
      fee: "0",
      currency: "USD"
    })
    await post("buy", 4, {
      symbol: "AAPL",
      quantity: "10",
      price: "160",
      fee: "1",
      currency: "USD"
    })
    await post("dividend", 5, {
      symbol: "AAPL",
      amount: "7.5",
      withholdingTax: "1.13",
      currency: "USD"
    })
    await post("sell", 6, {
      symbol: "MSFT",
      quantity: "1",
      price: "420",
      fee: "2",
      currency: "USD"
    })
    // A trade's amount is quantity times price: 1.11111111098888888889, twenty decimals.
    await post("buy", 7, {
      symbol: "AAPL",
      quantity: "0.3333333333",
      price: "3.3333333333",
      currency: "USD"
    })

    /** Every entry in an order, read two at a time; the first page's count. */
    const all = async (query: string) => {
      const seen: Array<Record<string, string>> = []
      let cursor: string | null = null
      let total: number | null = null
      do {
        const path: string = `/api/transactions?${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`
        const page = await call("GET", path, { token: session.token })
        expect(page.status, JSON.stringify(page.body)).toBe(200)
        if (cursor === null) total = page.body.total
        else expect(page.body.total).toBeNull()
        seen.push(...page.body.items)
        cursor = page.body.nextCursor
      } while (cursor !== null)
      return { total, days: seen.map((t) => Number(t.executedAt!.slice(8, 10))) }
    }
    // Hand-ordered by day: deposit 1, buys 2 3 4, dividend 5, sale 6, buy 7.
    expect(await all("sort=date&order=desc")).toEqual({ total: 7, days: [7, 6, 5, 4, 3, 2, 1] })
    // Quantity 10 (days 4, 3) before 3, 1 and 0.33; none (dividend, deposit) last; ties latest
    // first.
    expect(await all("sort=quantity&order=desc")).toEqual({
      total: 7,
      days: [4, 3, 2, 6, 7, 5, 1]
    })
    expect(await all("sort=price&order=asc")).toEqual({ total: 7, days: [1, 5, 7, 3, 4, 2, 6] })
    // 100000 deposited, trades of 1600, 1500, 1200 and 420, the dividend's 7.5, then 1.11.
    expect(await all("sort=amount&order=desc")).toEqual({
      total: 7,
      days: [1, 4, 3, 2, 6, 5, 7]
    })
    // A fee or a withheld tax: 2, 2, 1.13, 1, then none.
    expect(await all("sort=fee&order=desc")).toEqual({ total: 7, days: [6, 2, 5, 4, 7, 3, 1] })
    // No symbol first, then AAPL (3, 4, 5, 7), MSFT (2, 6).
    expect(await all("sort=symbol&order=asc")).toEqual({ total: 7, days: [1, 3, 4, 5, 7, 2, 6] })
    expect(await all("sort=type&order=asc")).toEqual({ total: 7, days: [2, 3, 4, 7, 1, 5, 6] })
    // The count follows the filters.
    expect(await all("sort=amount&order=desc&q=aapl")).toEqual({ total: 4, days: [4, 3, 5, 7] })
    // A page may end on the twenty-decimal amount: the next one follows it.
    const smallest = await call("GET", "/api/transactions?sort=amount&order=asc&limit=1", {
      token: session.token
    })
    expect(smallest.body.items[0].quantity).toBe("0.3333333333")
    const after = await call(
      "GET",
      `/api/transactions?sort=amount&order=asc&limit=1&cursor=${smallest.body.nextCursor}`,
      { token: session.token }
    )
    expect(after.status, JSON.stringify(after.body)).toBe(200)
    expect(after.body.items[0].type).toBe("dividend")

    // A cursor of one order is refused by another, in words, not by the database.
    const first = await call("GET", "/api/transactions?sort=amount&limit=2", {
      token: session.token
    })
    for (const query of [`sort=date&cursor=${first.body.nextCursor}`, "sort=price&cursor=x"]) {
      const refused = await call("GET", `/api/transactions?${query}`, { token: session.token })
      expect(refused.status).toBe(400)
      expect(refused.body.issues[0].path).toEqual(["cursor"])
    }
    const unknown = await call("GET", "/api/transactions?sort=note", { token: session.token })
    expect(unknown.status).toBe(400)
    expect(unknown.body.issues[0].path).toEqual(["sort"])
  })

  it("filters by portfolio, symbol, type and date range", async () => {
    const session = await signUp(call, "filters")
    const first = (await call("GET", "/api/portfolios", { token: session.token })).body.items[0].id
    const second = (
      await call("POST", "/api/portfolios", { token: session.token, body: { name: "Second" } })
    ).body.id
    const rows = [
      { portfolioId: first, symbol: "AAPL", type: "buy", executedAt: "2026-03-01T00:00:00Z" },
      { portfolioId: first, symbol: "AAPL", type: "sell", executedAt: "2026-03-02T00:00:00Z" },
      { portfolioId: first, symbol: "MSFT", type: "buy", executedAt: "2026-03-03T00:00:00Z" },
      { portfolioId: second, symbol: "AAPL", type: "buy", executedAt: "2026-03-04T00:00:00Z" }
    ]
    for (const r of rows) expect((await create(session, trade(r))).status).toBe(201)
    const count = async (query: string) =>
      (await call("GET", `/api/transactions?${query}`, { token: session.token })).body.items.length
    expect(await count("")).toBe(4)
    expect(await count(`portfolioId=${second}`)).toBe(1)
    expect(await count("symbol=aapl")).toBe(3)
    expect(await count("type=sell")).toBe(1)
    expect(await count("from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z")).toBe(2)
    expect(await count(`portfolioId=${first}&symbol=AAPL&type=buy`)).toBe(1)
    expect(await count(`portfolioId=${crypto.randomUUID()}`)).toBe(0)
    // Part of a symbol or of the instrument's name, in any case; wildcards are literal.
    expect(await count("q=aap")).toBe(3)
    expect(await count("q=micro")).toBe(1)
    expect(await count("q=APPLE%20INC")).toBe(3)
    expect(await count("q=%25")).toBe(0)
    expect(await count("q=_")).toBe(0)
  })

  it("validates the query", async () => {
    for (const [query, path] of [
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["limit=abc", "limit"],
      ["type=hold", "type"],
      ["from=yesterday", "from"],
      ["cursor=garbage", "cursor"]
    ] as const) {
      const res = await call("GET", `/api/transactions?${query}`, { token: user.token })
      expect(res.status, query).toBe(400)
      expect(res.body.issues[0].path, query).toEqual([path])
    }
    const page = await call("GET", "/api/transactions", { token: user.token })
    expect(page.status).toBe(200)
    expect(page.body.items.length).toBeLessThanOrEqual(50)
  })
})
