import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { useAssistantServer } from "../support/assistantServer.js"
import { makeClient, randomClientIp, STRONG_PASSWORD, uniqueEmail } from "../support/client.js"
import { useTestServer } from "../support/server.js"
import { type Call, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"

/** How many answers had each status. */
const statuses = (answers: ReadonlyArray<{ status: number }>) => {
  const counts: Record<number, number> = {}
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1
  return counts
}

/**
 * Every limit is one decision per key in PostgreSQL: requests sent at once pass exactly the
 * limit, also when they are spread over two replicas of the server.
 */
describe("limits under parallel requests", () => {
  const { baseUrl } = useTestServer()
  let replica: TestServer
  beforeAll(async () => {
    replica = await startTestServer()
  })
  afterAll(() => replica?.close())

  /** Calls that alternate between the two replicas, as one client address. */
  const acrossReplicas = () => {
    const ip = randomClientIp()
    const replicas = [makeClient(baseUrl(), ip), makeClient(replica.baseUrl, ip)]
    let next = 0
    return ((...args: Parameters<Call>) => replicas[next++ % 2]!(...args)) as Call
  }

  it("12 wrong passwords at once for one account, over two replicas: 5 are checked, 7 refused with 429", async () => {
    const call = acrossReplicas()
    const user = await signUp(call, "parallel-login")
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        call("POST", "/api/auth/login", {
          body: { email: user.email, password: "wrong password!" }
        })
      )
    )
    expect(statuses(answers)).toEqual({ 401: 5, 429: 7 })
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0)
    }
    // The right password is refused too while the account waits.
    const right = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password }
    })
    expect(right.status).toBe(429)
  })

  it("30 registrations at once from one address, over two replicas: 20 accounts, 10 refused with 429", async () => {
    const call = acrossReplicas()
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        call("POST", "/api/auth/register", {
          body: { email: uniqueEmail("burst"), password: STRONG_PASSWORD, acceptTerms: true }
        })
      )
    )
    expect(statuses(answers)).toEqual({ 201: 20, 429: 10 })
  })
})

describe("the assistant's limit under parallel questions", () => {
  const ctx = useAssistantServer({}, 20)

  it("40 questions at once from one user: 20 answered, 20 refused with 429, only those saved", async () => {
    const user = await signUp(ctx.call, "parallel-chat")
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ctx.call("POST", "/api/ai/chat", { token: user.token, body: { message: `Question ${i}` } })
      )
    )
    expect(statuses(answers)).toEqual({ 200: 20, 429: 20 })
    const saved = await ctx.server.ownerQuery(
      (sql) => sql<{ n: number }>`SELECT count(*)::int AS n FROM app_data.ai_messages
                                  WHERE user_id = ${user.userId} AND role = 'user'`
    )
    expect(saved[0]!.n).toBe(20)
  })
})
