import { Duration } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient, randomClientIp } from "../support/client.js"
import { holdPortfolioLock } from "../support/locks.js"
import { type Call, type Session, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"
import { aaplTrade } from "../support/trades.js"

const waitUntil = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error("never happened")
}

const useServer = (overrides: Parameters<typeof startTestServer>[0]) => {
  const ctx = {} as { server: TestServer; call: Call; user: Session; portfolioId: string }
  beforeAll(async () => {
    ctx.server = await startTestServer(overrides)
    ctx.call = makeClient(ctx.server.baseUrl, randomClientIp())
    ctx.user = await signUp(ctx.call, "unavailable")
    ctx.portfolioId = (
      await ctx.call("GET", "/api/portfolios", { token: ctx.user.token })
    ).body.items[0].id
    const buy = await ctx.call("POST", "/api/transactions", {
      token: ctx.user.token,
      body: sale(ctx.portfolioId, "buy", "10")
    })
    expect(buy.status).toBe(201)
  })
  afterAll(() => ctx.server?.close())
  return ctx
}

const sale = (portfolioId: string, side = "sell", quantity = "1") =>
  aaplTrade(portfolioId, side, quantity)

const expectUnavailable = (res: { status: number; headers: Headers; body: any }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(503)
  expect(res.headers.get("retry-after")).toBe("2")
  expect(res.body).toMatchObject({ _tag: "TemporarilyUnavailable", retryAfter: 2 })
  expect(res.body.message).toEqual(expect.any(String))
}

describe("a statement cancelled by the database", () => {
  const ctx = useServer({})

  it("answers 503 with Retry-After, and the same request succeeds once the database answers", async () => {
    const lock = await holdPortfolioLock(ctx.portfolioId)
    try {
      const pending = ctx.call("POST", "/api/transactions", {
        token: ctx.user.token,
        body: sale(ctx.portfolioId)
      })
      await waitUntil(async () => (await lock.cancelWaiting()) > 0)
      expectUnavailable(await pending)
    } finally {
      await lock.release()
    }
    const again = await ctx.call("POST", "/api/transactions", {
      token: ctx.user.token,
      body: sale(ctx.portfolioId)
    })
    expect(again.status).toBe(201)
  })
})

describe("a request past its deadline", () => {
  const ctx = useServer({ requestDeadline: Duration.seconds(1) })

  it("is answered 503 at the deadline; its idempotent retry after the stall leaves one write", async () => {
    const lock = await holdPortfolioLock(ctx.portfolioId)
    const headers = { "idempotency-key": crypto.randomUUID() }
    const started = Date.now()
    let first: Awaited<ReturnType<Call>>
    try {
      first = await ctx.call("POST", "/api/transactions", {
        token: ctx.user.token,
        body: sale(ctx.portfolioId),
        headers
      })
      expect(Date.now() - started).toBeLessThan(2500)
      // Liveness answers while the database stalls.
      expect((await ctx.call("GET", "/api/health")).status).toBe(200)
    } finally {
      await lock.release()
    }
    expectUnavailable(first)
    // Whether the late statement was cancelled or went through, the retry leaves one row.
    const retry = await ctx.call("POST", "/api/transactions", {
      token: ctx.user.token,
      body: sale(ctx.portfolioId),
      headers
    })
    expect(retry.status).toBe(201)
    const rows = await ctx.server.ownerQuery(
      (sql) => sql<{ n: number }>`SELECT count(*)::int AS n FROM app_data.user_transactions
                                  WHERE idempotency_key = ${headers["idempotency-key"]}`
    )
    expect(rows[0]!.n).toBe(1)
    const list = await ctx.call("GET", `/api/transactions?portfolioId=${ctx.portfolioId}`, {
      token: ctx.user.token
    })
    expect(list.body.items).toHaveLength(2)
  })
})

describe("a pool that cannot get a connection", () => {
  const ctx = useServer({
    dbPoolMax: 1,
    dbConnectTimeout: Duration.seconds(1),
    requestDeadline: Duration.seconds(20)
  })

  it("answers 503 with Retry-After, readiness 503, liveness 200, and recovers at once", async () => {
    const lock = await holdPortfolioLock(ctx.portfolioId)
    let waiting: Promise<Awaited<ReturnType<Call>>> | undefined
    try {
      // The only connection waits for the lock...
      waiting = ctx.call("POST", "/api/transactions", {
        token: ctx.user.token,
        body: sale(ctx.portfolioId)
      })
      await waitUntil(async () => (await lock.waiting()) > 0)
      // ...so the next request cannot get one.
      const [listed, ready, live] = await Promise.all([
        ctx.call("GET", "/api/transactions", { token: ctx.user.token }),
        ctx.call("GET", "/api/health/ready"),
        ctx.call("GET", "/api/health")
      ])
      expectUnavailable(listed)
      expect(ready.status).toBe(503)
      expect(ready.body.checks.database).toBe("unreachable")
      expect(live.status).toBe(200)
    } finally {
      await lock.release()
    }
    expect((await waiting!).status).toBe(201)
    const started = Date.now()
    expect((await ctx.call("GET", "/api/health/ready")).status).toBe(200)
    expect((await ctx.call("GET", "/api/transactions", { token: ctx.user.token })).status).toBe(200)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
