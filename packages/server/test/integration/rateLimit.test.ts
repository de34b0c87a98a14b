import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient, randomClientIp } from "../support/client.js"
import { type Call, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"

// Two replicas on one database, with a limit small enough to reach.
const LIMIT = 5
let one: TestServer
let two: TestServer
let callOne: Call
let callTwo: Call

beforeAll(async () => {
  ;[one, two] = await Promise.all([
    startTestServer({ apiRequestsPerMinute: LIMIT }),
    startTestServer({ apiRequestsPerMinute: LIMIT })
  ])
  callOne = makeClient(one.baseUrl, randomClientIp())
  callTwo = makeClient(two.baseUrl, randomClientIp())
})
afterAll(() => Promise.all([one?.close(), two?.close()]))

describe("the per-user API rate limit", () => {
  it("lets exactly the limit through across replicas under parallel requests, then answers 429 with Retry-After", async () => {
    const user = await signUp(callOne, "rate")
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        (i % 2 === 0 ? callOne : callTwo)("GET", "/api/portfolios", { token: user.token })
      )
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT)
    expect(statuses.filter((s) => s === 429)).toHaveLength(16 - LIMIT)
    const refused = answers.find((a) => a.status === 429)!
    expect(refused.body).toMatchObject({
      _tag: "TooManyRequests",
      message: expect.stringContaining(`at most ${LIMIT} a minute`)
    })
    const retryAfter = Number(refused.headers.get("retry-after"))
    expect(retryAfter).toBe(refused.body.retryAfter)
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(120)
    // Writes are refused the same way, and nothing is written.
    const write = await callTwo("POST", "/api/portfolios", {
      token: user.token,
      body: { name: "Over the limit" }
    })
    expect(write.status).toBe(429)
    const stored = await one.ownerQuery(
      (sql) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM app_data.user_portfolios
        WHERE user_id = ${user.userId} AND name = 'Over the limit'`
    )
    expect(stored[0]!.n).toBe(0)
  })

  it("counts each user apart, and leaves signing in to its own throttle", async () => {
    const busy = await signUp(callOne, "rate-busy")
    const calm = await signUp(callOne, "rate-calm")
    for (let i = 0; i < LIMIT; i++)
      expect((await callOne("GET", "/api/users/me", { token: busy.token })).status).toBe(200)
    expect((await callTwo("GET", "/api/users/me", { token: busy.token })).status).toBe(429)
    expect((await callTwo("GET", "/api/users/me", { token: calm.token })).status).toBe(200)
    // Signing in is not an authenticated request: the limited user still can.
    const login = await callTwo("POST", "/api/auth/login", {
      body: { email: busy.email, password: busy.password }
    })
    expect(login.status).toBe(200)
  })

  it("covers the event stream's ticket and the stream itself", async () => {
    const user = await signUp(callOne, "rate-stream")
    const tickets = await Promise.all(
      Array.from({ length: LIMIT }, () =>
        callOne("POST", "/api/events/ticket", { token: user.token })
      )
    )
    expect(tickets.map((t) => t.status)).toEqual(Array(LIMIT).fill(200))
    const stream = await fetch(`${two.baseUrl}/api/events?ticket=${tickets[0]!.body.ticket}`)
    expect(stream.status).toBe(429)
    expect(stream.headers.get("retry-after")).toMatch(/^\d+$/)
  })
})
