import { hostname } from "node:os"
import { Duration } from "effect"
import { describe, expect, it } from "vitest"
import { makeClient, randomClientIp } from "../support/client.js"
import { useTestServer } from "../support/server.js"
import { firstPortfolioOf, signUp, signUpAs } from "../support/session.js"
import { startTestServer } from "../support/TestServer.js"
import { aaplTrade } from "../support/trades.js"
import { until } from "../support/until.js"

const { call, ownerQuery } = useTestServer()

interface Entry {
  readonly action: string
  readonly actor: { id: string } | null
  readonly user: { id: string; email: string } | null
  readonly [key: string]: unknown
}

describe("audit log", () => {
  it("says who did what to whom, from where, in which request; managers filter and page it", async () => {
    const manager = await signUpAs(call, ownerQuery, "manager")
    const user = await signUp(call, "audited")
    const requestId = `audit-${Date.now()}`
    const login = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password },
      headers: { "x-request-id": requestId, "user-agent": "audit test" }
    })
    expect(login.status).toBe(200)
    const portfolioId = await firstPortfolioOf(call, user)
    const bought = await call("POST", "/api/transactions", {
      token: user.token,
      body: aaplTrade(portfolioId, "buy", "2")
    })
    expect(
      (await call("DELETE", `/api/transactions/${bought.body.id}`, { token: user.token })).status
    ).toBe(204)
    const audit = (query: string) =>
      call("GET", `/api/admin/audit?userId=${user.userId}&${query}`, { token: manager.token })

    const signIn = await audit("action=login_succeeded")
    expect(signIn.status).toBe(200)
    expect(signIn.body.items).toHaveLength(1)
    expect(signIn.body.items[0]).toMatchObject({
      action: "login_succeeded",
      category: "security",
      actor: { id: user.userId, email: user.email },
      user: { id: user.userId, email: user.email },
      userAgent: "audit test",
      requestId
    })
    expect(signIn.body.items[0].ip).toMatch(/^2001:db8::/)

    const trading = await audit("category=trading")
    expect(trading.body.items).toMatchObject([
      {
        action: "transaction_deleted",
        target: `transaction:${bought.body.id}`,
        details: { deleted: { symbol: "AAPL", quantity: "2", price: "100" } }
      }
    ])

    // Newest first, a page at a time, the pages adding up to the whole.
    const all = (await audit("limit=200")).body.items as Array<Entry>
    expect(all.map((e) => e.action)).toEqual(["transaction_deleted", "login_succeeded", "register"])
    const first = await audit("limit=2")
    const second = await audit(`limit=2&cursor=${first.body.nextCursor}`)
    expect([...first.body.items, ...second.body.items]).toEqual(all)
    expect(second.body.nextCursor).toBeNull()
    expect((await audit("from=2999-01-01T00:00:00Z")).body.items).toEqual([])
    expect((await audit(`to=${all[2]!.at}`)).body.items).toEqual([])

    const bad = await call("GET", "/api/admin/audit?category=gossip&cursor=abc", {
      token: manager.token
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues.map((i: { path: Array<string> }) => i.path[0])).toContain("category")
  })

  it("shows users their own security events, and only those", async () => {
    const user = await signUp(call, "own-events")
    const other = await signUp(call, "other-events")
    const wrong = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: "not the password" }
    })
    expect(wrong.status).toBe(401)
    await call("POST", "/api/auth/login", { body: { email: other.email, password: "nope nope" } })
    const portfolio = await call("POST", "/api/portfolios", {
      token: user.token,
      body: { name: "Short-lived", baseCurrency: "USD" }
    })
    await call("DELETE", `/api/portfolios/${portfolio.body.id}`, { token: user.token })

    const mine = await call("GET", "/api/users/me/security-events", { token: user.token })
    expect(mine.status).toBe(200)
    expect(mine.body.items.map((e: Entry) => [e.action, e.actor?.id ?? null])).toEqual([
      ["login_failed", null],
      ["register", user.userId]
    ])
    const paged = await call("GET", "/api/users/me/security-events?limit=1", { token: user.token })
    expect(paged.body.items).toHaveLength(1)
    expect(paged.body.nextCursor).toEqual(expect.any(String))
  })

  it("exports as CSV or JSON what the filters match, formulas neutralised, and audits the export", async () => {
    const manager = await signUpAs(call, ownerQuery, "manager")
    const user = await signUp(call, "exported")
    await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password },
      headers: { "user-agent": '=HYPERLINK("http://evil.example","x")' }
    })
    const csv = await call("GET", `/api/admin/audit/export?userId=${user.userId}&format=csv`, {
      token: manager.token
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/)
    expect(csv.headers.get("content-disposition")).toMatch(
      /^attachment; filename="audit-log-[\dT-]+\.csv"$/
    )
    const lines = (csv.body as string).trimEnd().split("\r\n")
    expect(lines[0]).toBe(
      "id,at,action,category,actor_id,actor_email,user_id,user_email,target,ip,user_agent,request_id,details"
    )
    expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["login_succeeded", "register"])
    // A spreadsheet shows the cell as text rather than running it.
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`)

    const json = await call("GET", `/api/admin/audit/export?userId=${user.userId}&format=json`, {
      token: manager.token
    })
    expect(json.headers.get("content-type")).toMatch(/^application\/json/)
    expect((json.body as Array<Entry>).map((e) => e.action)).toEqual([
      "login_succeeded",
      "register"
    ])
    const none = await call("GET", "/api/admin/audit/export?action=no_such_action&format=json", {
      token: manager.token
    })
    expect(none.body).toEqual([])
    const badFormat = await call("GET", "/api/admin/audit/export?format=xlsx", {
      token: manager.token
    })
    expect(badFormat.status).toBe(400)

    const exports = await call(
      "GET",
      `/api/admin/audit?userId=${manager.userId}&action=logs_exported`,
      { token: manager.token }
    )
    expect(exports.body.items).toHaveLength(3)
    expect(exports.body.items[2]).toMatchObject({
      actor: { id: manager.userId },
      user: null,
      details: { log: "audit", format: "csv", filters: { userId: user.userId } }
    })
  })
})

describe("system log", () => {
  it("keeps every replica's warnings with their request; managers filter by level and category", async () => {
    const manager = await signUpAs(call, ownerQuery, "manager")
    // A replica whose every request runs past its deadline, and says so in a warning.
    const replica = await startTestServer({ requestDeadline: Duration.millis(1) })
    const requestId = `system-log-${Date.now()}`
    try {
      const late = await makeClient(replica.baseUrl, randomClientIp())("GET", "/api/health/ready", {
        headers: { "x-request-id": requestId }
      })
      expect(late.status).toBe(503)
    } finally {
      await replica.close()
    }
    const search = (query: string) =>
      call("GET", `/api/admin/system-log?${query}`, { token: manager.token })
    const entry = await until("the replica's warning", async () => {
      const page = await search("level=warning&category=api&limit=200")
      return (page.body.items as Array<{ requestId: string | null }>).find(
        (e) => e.requestId === requestId
      )
    })
    expect(entry).toMatchObject({
      level: "warning",
      category: "api",
      message: "The request ran past its deadline",
      replica: hostname()
    })
    const errorsOnly = await search("level=error&limit=200")
    expect(
      (errorsOnly.body.items as Array<{ requestId: string | null }>).some(
        (e) => e.requestId === requestId
      )
    ).toBe(false)

    const csv = await call("GET", "/api/admin/system-log/export?category=api&format=csv", {
      token: manager.token
    })
    expect(csv.status).toBe(200)
    expect(csv.body).toContain(requestId)
  })

  it("files security warnings under security, with the user", async () => {
    const manager = await signUpAs(call, ownerQuery, "manager")
    const user = await signUp(call, "token-reuse")
    expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(200)
    expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(401)
    const entry = await until("the security warning", async () => {
      const page = await call(
        "GET",
        `/api/admin/system-log?category=security&userId=${user.userId}`,
        {
          token: manager.token
        }
      )
      return page.body.items[0]
    })
    expect(entry).toMatchObject({
      level: "warning",
      category: "security",
      message: "A used refresh token came back: its session was ended",
      userId: user.userId
    })
  })
})
