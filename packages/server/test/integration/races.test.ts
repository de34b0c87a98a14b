import { beforeAll, describe, expect, it } from "vitest"
import { useAssistantServer } from "../support/assistantServer.js"
import { type Session, signUp } from "../support/session.js"
import { aaplTrade } from "../support/trades.js"

/** Deletes racing the writes that need what they delete: a 4xx of the contract, never a 5xx. */
const ROUNDS = 15

const ctx = useAssistantServer()
let user: Session

beforeAll(async () => {
  user = await signUp(ctx.call, "races")
})

const ask = (message: string, conversationId: string) =>
  ctx.call("POST", "/api/ai/chat", { token: user.token, body: { message, conversationId } })

const newConversation = async () => {
  const res = await ctx.call("POST", "/api/ai/chat", {
    token: user.token,
    body: { message: "Start" }
  })
  expect(res.status).toBe(200)
  return res.body.conversationId as string
}

describe("a conversation deleted while a question is asked in it", () => {
  it("answers 404 when it goes while the assistant is answering", async () => {
    const id = await newConversation()
    ctx.standIn.script([{ delayMs: 400 }])
    const question = ask("Still there?", id)
    await new Promise((resolve) => setTimeout(resolve, 150))
    const deleted = await ctx.call("DELETE", `/api/ai/conversations/${id}`, { token: user.token })
    expect(deleted.status).toBe(204)
    const res = await question
    expect(res.status, JSON.stringify(res.body)).toBe(404)
    expect(res.body).toMatchObject({ _tag: "NotFound", message: "Conversation not found" })
  })

  it("answers 200 or 404 when both arrive at once, whichever wins", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await newConversation()
      const [asked, deleted] = await Promise.all([
        ask(`Race ${round}`, id),
        ctx.call("DELETE", `/api/ai/conversations/${id}`, { token: user.token })
      ])
      expect([200, 404], JSON.stringify(asked.body)).toContain(asked.status)
      expect(deleted.status).toBe(204)
    }
  })
})

describe("a portfolio deleted while transactions are written to it", () => {
  it("answers each write 201 or 404 and the delete 204 or 409, and leaves nothing behind", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const created = await ctx.call("POST", "/api/portfolios", {
        token: user.token,
        body: { name: `Race ${round}` }
      })
      const portfolioId = created.body.id as string
      const trade = (side: string, quantity: string) => aaplTrade(portfolioId, side, quantity)
      await ctx.call("POST", "/api/transactions", { token: user.token, body: trade("buy", "5") })
      const [buy, sell, deleted] = await Promise.all([
        ctx.call("POST", "/api/transactions", { token: user.token, body: trade("buy", "1") }),
        ctx.call("POST", "/api/transactions", { token: user.token, body: trade("sell", "1") }),
        ctx.call("DELETE", `/api/portfolios/${portfolioId}?force=true`, { token: user.token })
      ])
      expect([201, 404], JSON.stringify(buy.body)).toContain(buy.status)
      expect([201, 404], JSON.stringify(sell.body)).toContain(sell.status)
      expect([204, 409], JSON.stringify(deleted.body)).toContain(deleted.status)
      if (deleted.status === 409) {
        const again = await ctx.call("DELETE", `/api/portfolios/${portfolioId}?force=true`, {
          token: user.token
        })
        expect(again.status).toBe(204)
      }
      const left = await ctx.server.ownerQuery(
        (sql) => sql<{ n: number }>`SELECT count(*)::int AS n FROM app_data.user_transactions
                                    WHERE portfolio_id = ${portfolioId}`
      )
      expect(left[0]!.n).toBe(0)
    }
  })
})

describe("a transaction changed and deleted at once", () => {
  it("answers the change 200, 404 or 409 and the delete 204, 404 or 409", async () => {
    const portfolioId = (await ctx.call("GET", "/api/portfolios", { token: user.token })).body
      .items[0].id as string
    for (let round = 0; round < ROUNDS; round++) {
      const created = await ctx.call("POST", "/api/transactions", {
        token: user.token,
        body: {
          portfolioId,
          symbol: "MSFT",
          type: "buy",
          quantity: "1",
          price: "100",
          currency: "USD",
          executedAt: "2026-01-05T15:00:00Z"
        }
      })
      const path = `/api/transactions/${created.body.id}`
      const [changed, deleted, deletedAgain] = await Promise.all([
        ctx.call("PATCH", path, { token: user.token, body: { quantity: "2" } }),
        ctx.call("DELETE", path, { token: user.token }),
        ctx.call("DELETE", path, { token: user.token })
      ])
      expect([200, 404, 409], JSON.stringify(changed.body)).toContain(changed.status)
      for (const d of [deleted, deletedAgain]) {
        expect([204, 404, 409], JSON.stringify(d.body)).toContain(d.status)
      }
      expect([deleted.status, deletedAgain.status]).toContain(204)
    }
  })
})
