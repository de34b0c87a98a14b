import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { API_KEY, useAssistantServer } from "../support/assistantServer.js"
import { makeClient, randomClientIp } from "../support/client.js"
import { type Call, type Session, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"

const holding = async (call: Call, user: Session, symbol: string, quantity: string) => {
  const portfolioId = (await call("GET", "/api/portfolios", { token: user.token })).body.items[0].id
  const res = await call("POST", "/api/transactions", {
    token: user.token,
    body: {
      portfolioId,
      symbol,
      type: "buy",
      quantity,
      price: "100",
      currency: "USD",
      executedAt: "2026-01-05T10:00:00Z"
    }
  })
  expect(res.status).toBe(201)
}

const ask = (call: Call, user: Session, message: string, conversationId?: string) =>
  call("POST", "/api/ai/chat", {
    token: user.token,
    body: conversationId === undefined ? { message } : { message, conversationId }
  })

describe("the assistant", () => {
  const ctx = useAssistantServer()
  let user: Session
  beforeAll(async () => {
    user = await signUp(ctx.call, "assistant")
    await holding(ctx.call, user, "ETH-USD", "2")
  })

  it("answers from the Librarian with the caller's holdings, and keeps the conversation", async () => {
    const res = await ask(ctx.call, user, "What is my largest position?")
    expect(res.status).toBe(200)
    expect(res.body.reply).toContain("Your largest holding is ETH-USD (Ether)")
    expect(res.body.sources.map((s: { title: string }) => s.title)).toEqual([
      "Your holdings",
      "Librarian stand-in"
    ])
    expect(res.body.metadata.service).toBe("librarian")
    const again = await ask(ctx.call, user, "And my latest trade?", res.body.conversationId)
    expect(again.body.reply).toContain("This conversation has 2 earlier message(s)")
    const list = await ctx.call("GET", "/api/ai/conversations", { token: user.token })
    expect(list.body.items[0]).toMatchObject({
      id: res.body.conversationId,
      title: "What is my largest position?"
    })
    const detail = await ctx.call("GET", `/api/ai/conversations/${res.body.conversationId}`, {
      token: user.token
    })
    expect(
      detail.body.messages.map((m: { role: string; outcome: string }) => `${m.role}:${m.outcome}`)
    ).toEqual(["user:ok", "assistant:ok", "user:ok", "assistant:ok"])
  })

  it("retries transient failures: two 503s then an answer is one answer after three attempts", async () => {
    ctx.standIn.script([{ status: 503 }, { status: 503 }])
    const before = ctx.standIn.chatRequests()
    const res = await ask(ctx.call, user, "Retry please")
    expect(res.status).toBe(200)
    expect(ctx.standIn.chatRequests() - before).toBe(3)
  })

  it("honours Retry-After on 429 before trying again", async () => {
    ctx.standIn.script([{ status: 429, retryAfter: 1 }])
    const started = Date.now()
    const res = await ask(ctx.call, user, "Slow down?")
    expect(res.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
  })

  it("answers 504 within the deadline when the Librarian hangs, leaving no request open", async () => {
    ctx.standIn.script([{ hang: true }, { hang: true }, { hang: true }])
    const started = Date.now()
    const res = await ask(ctx.call, user, "Are you there?")
    expect(res.status).toBe(504)
    expect(res.body._tag).toBe("AssistantTimeout")
    expect(Date.now() - started).toBeLessThan(1500 + 500)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(ctx.standIn.hanging()).toBe(0)
  })

  it.each([
    [{ status: 401 }, "it refused the request (401)"],
    [{ malformed: true as const }, "does not follow the contract"],
    [{ huge: true as const }, "exceeded 65536 bytes"],
    [{ redirect: "http://127.0.0.1:9/elsewhere" }, "redirected (302), not followed"]
  ])("answers 502 at once, without retrying, for %j", async (fault, reason) => {
    ctx.standIn.script([fault])
    const before = ctx.standIn.chatRequests()
    const res = await ask(ctx.call, user, "Bad answer?")
    expect(res.status).toBe(502)
    expect(res.body._tag).toBe("AssistantBadGateway")
    expect(res.body.message).toContain(reason)
    expect(JSON.stringify(res.body)).not.toContain(API_KEY)
    expect(ctx.standIn.chatRequests() - before).toBe(1)
  })

  it("still records the question and the failure when the Librarian fails", async () => {
    ctx.standIn.script([{ status: 503 }, { status: 503 }, { status: 503 }])
    const res = await ask(ctx.call, user, "Will this be kept?")
    expect(res.status).toBe(503)
    expect(res.body.message).toContain("Your question is saved")
    const detail = await ctx.call("GET", `/api/ai/conversations/${res.body.conversationId}`, {
      token: user.token
    })
    expect(detail.body.messages).toEqual([
      expect.objectContaining({
        role: "user",
        content: "Will this be kept?",
        outcome: "unavailable"
      })
    ])
  })

  it("checks the message and the conversation", async () => {
    const long = await ask(ctx.call, user, "x".repeat(4001))
    expect(long.status).toBe(400)
    expect(long.body.issues[0].path).toEqual(["message"])
    expect((await ask(ctx.call, user, "   ")).status).toBe(400)
    const other = await signUp(ctx.call, "assistant-other")
    const mine = await ask(ctx.call, user, "Mine")
    const path = `/api/ai/conversations/${mine.body.conversationId}`
    expect((await ask(ctx.call, other, "Yours?", mine.body.conversationId)).status).toBe(404)
    expect((await ctx.call("GET", path, { token: other.token })).status).toBe(404)
    expect((await ctx.call("DELETE", path, { token: other.token })).status).toBe(404)
    expect((await ctx.call("DELETE", path, { token: user.token })).status).toBe(204)
    expect((await ctx.call("GET", path, { token: user.token })).status).toBe(404)
  })

  it("never mixes two users' contexts, even when they ask at the same time", async () => {
    const alice = await signUp(ctx.call, "alice")
    const bob = await signUp(ctx.call, "bob")
    await holding(ctx.call, alice, "SOL-USD", "3")
    await holding(ctx.call, bob, "NVDA", "4")
    const from = ctx.standIn.received().length
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 2 === 0 ? ask(ctx.call, alice, "Mine?") : ask(ctx.call, bob, "Mine?")
      )
    )
    replies.forEach((r, i) => {
      expect(r.status).toBe(200)
      expect(r.body.reply).toContain(i % 2 === 0 ? "SOL-USD" : "NVDA")
      expect(r.body.reply).not.toContain(i % 2 === 0 ? "NVDA" : "SOL-USD")
    })
    for (const request of ctx.standIn.received().slice(from)) {
      const symbols = new Set(request.context.holdings.map((h) => h.symbol))
      expect([...symbols]).toHaveLength(1)
    }
  })

  it("reports the Librarian in readiness", async () => {
    const ready = await ctx.call("GET", "/api/health/ready")
    expect(ready.status).toBe(200)
    expect(ready.body.checks).toMatchObject({ librarian: "ok", librarianBreaker: "closed" })
  })
})

describe("the circuit breaker", () => {
  const ctx = useAssistantServer({ breakerThreshold: 2, maxRetries: 0 })
  let user: Session
  beforeAll(async () => {
    user = await signUp(ctx.call, "breaker")
  })

  it("opens after consecutive failures, answers at once while open, then closes after a success", async () => {
    ctx.standIn.script([{ status: 503 }, { status: 503 }])
    expect((await ask(ctx.call, user, "one")).status).toBe(503)
    expect((await ask(ctx.call, user, "two")).status).toBe(503)
    const before = ctx.standIn.chatRequests()
    const started = Date.now()
    const open = await ask(ctx.call, user, "three")
    expect(open.status).toBe(503)
    expect(Date.now() - started).toBeLessThan(200)
    expect(ctx.standIn.chatRequests()).toBe(before)
    expect(Number(open.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
    expect((await ctx.call("GET", "/api/health/ready")).body.checks.librarianBreaker).toBe("open")
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await ask(ctx.call, user, "probe")).status).toBe(200)
    expect((await ask(ctx.call, user, "closed")).status).toBe(200)
    expect((await ctx.call("GET", "/api/health/ready")).body.checks.librarianBreaker).toBe("closed")
  })
})

describe("the chat rate limit", () => {
  const ctx = useAssistantServer({}, 2)
  it("answers 429 with Retry-After past the questions allowed a minute", async () => {
    const user = await signUp(ctx.call, "chatty")
    expect((await ask(ctx.call, user, "1")).status).toBe(200)
    expect((await ask(ctx.call, user, "2")).status).toBe(200)
    const limited = await ask(ctx.call, user, "3")
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
  })
})

describe("without a Librarian", () => {
  const ctx = {} as { server: TestServer; call: Call }
  beforeAll(async () => {
    ctx.server = await startTestServer()
    ctx.call = makeClient(ctx.server.baseUrl, randomClientIp())
  })
  afterAll(() => ctx.server.close())

  it("answers 503 saying so, keeps the question, and stays ready", async () => {
    const user = await signUp(ctx.call, "unconfigured")
    const res = await ask(ctx.call, user, "Hello?")
    expect(res.status).toBe(503)
    expect(res.body.message).toContain("not configured")
    const ready = await ctx.call("GET", "/api/health/ready")
    expect(ready.status).toBe(200)
    expect(ready.body.checks).toMatchObject({
      librarian: "not configured",
      librarianBreaker: "none"
    })
  })
})

describe("the development stand-in", () => {
  const ctx = useAssistantServer({ standIn: true })
  it("is named in the reply's metadata and in readiness", async () => {
    const user = await signUp(ctx.call, "standin")
    const res = await ask(ctx.call, user, "Who answers?")
    expect(res.body.metadata.service).toBe("stand-in")
    const ready = await ctx.call("GET", "/api/health/ready")
    expect(ready.body.checks.librarian).toBe("ok (development stand-in)")
  })
})
