import { Agent, request as httpRequest } from "node:http"
import { Effect, FastCheck as fc, Schema } from "effect"
import { SignJWT } from "jose"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { useAssistantServer } from "../support/assistantServer.js"
import { randomClientIp } from "../support/client.js"
import { type Endpoint, endpoints } from "../support/fuzz/endpoints.js"
import {
  type IdKind,
  type IdPools,
  materialise,
  type Plan,
  planFor,
  type Tokens
} from "../support/fuzz/requests.js"
import { type Session, signUp } from "../support/session.js"

/** Requests in one run: a few thousand in CI, more by hand (FUZZ_REQUESTS=50000 pnpm test:integration). */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

const ctx = useAssistantServer({}, 60, true)

interface Answer {
  readonly status: number
  readonly text: string
}

/** Sent as it is (fetch would refuse a GET with a body, and tidy the path). */
const send = (request: ReturnType<typeof materialise>) =>
  new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      `${ctx.server.baseUrl}${request.url}`,
      {
        method: request.method,
        headers: {
          "x-forwarded-for": randomClientIp(),
          ...request.headers,
          // Node frames a GET's body only when told its length.
          ...(request.body === undefined
            ? {}
            : { "content-length": Buffer.byteLength(request.body) })
        },
        agent
      },
      (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (chunk) => {
          text += chunk
        })
        res.on("end", () => resolve({ status: res.statusCode!, text }))
      }
    )
    req.on("error", reject)
    req.end(request.body)
  })
const agent = new Agent({ keepAlive: true })

/** What another user owns, as that user sees it: it must look the same after the run. */
const snapshot = async (user: Session) => {
  const get = async (path: string) => {
    const res = await ctx.call("GET", path, { token: user.token })
    expect(res.status).toBe(200)
    return res.body
  }
  const portfolios = await get("/api/portfolios")
  return {
    portfolios,
    transactions: await get("/api/transactions?limit=200"),
    conversations: await get("/api/ai/conversations"),
    holdings: await Promise.all(
      portfolios.items.map((p: { id: string }) =>
        get(`/api/portfolios/${p.id}/holdings`).then((h) => h.items)
      )
    )
  }
}

/** Why a value does not decode with a Schema; undefined when it does. */
const decodeProblem = (schema: Schema.Schema.Any, value: unknown) =>
  Effect.runPromise(
    Schema.decodeUnknown(schema as Schema.Schema<unknown, unknown>)(value).pipe(
      Effect.as(undefined),
      Effect.catchAll((e) => Effect.succeed(String(e).slice(0, 300)))
    )
  )

describe("the API under fuzzing", () => {
  const pools: IdPools = {
    own: { portfolioId: [], transactionId: [], conversationId: [] },
    others: { portfolioId: [], transactionId: [], conversationId: [] }
  }
  let owner: Session
  let other: Session
  let tokens: Tokens
  /** Text that only the other user's data holds: no answer to the fuzzing user may show it. */
  const SECRET = `other-user-secret-${crypto.randomUUID()}`

  // The backtests and searches the run started are dropped, so no worker of the suite's other
  // servers (which share the database and its job queues) spends the rest of the run on them.
  afterAll(() =>
    ctx.server.ownerQuery(
      (sql) => sql`WITH searches AS (DELETE FROM app_data.parameter_searches
                                     WHERE user_id IN (${owner.userId}, ${other.userId}) RETURNING id)
                   DELETE FROM app_data.backtests
                   WHERE user_id IN (${owner.userId}, ${other.userId}) RETURNING id`
    )
  )

  beforeAll(async () => {
    owner = await signUp(ctx.call, "fuzz")
    other = await signUp(ctx.call, "fuzz-other")
    const ended = await signUp(ctx.call, "fuzz-ended")
    expect((await ctx.call("POST", "/api/auth/logout", { token: ended.token })).status).toBe(204)
    const [header, payload, signature] = owner.token.split(".") as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString())
    tokens = {
      valid: owner.token,
      garbage: "not.a.token",
      forged: await new SignJWT({ sid: claims.sid })
        .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
        .setSubject(other.userId)
        .setIssuer("trading-app")
        .setAudience("trading-app")
        .setExpirationTime("5m")
        .sign(new TextEncoder().encode("another key, not the server's one at all")),
      tampered: `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: other.userId })).toString("base64url")}.${signature}`,
      ended: ended.token
    }
    // Each user owns a portfolio with a transaction and a conversation.
    for (const [user, pool, note] of [
      [owner, pools.own, "mine"],
      [other, pools.others, SECRET]
    ] as const) {
      const portfolio = await ctx.call("POST", "/api/portfolios", {
        token: user.token,
        body: { name: `${note} portfolio`, baseCurrency: "USD" }
      })
      const trade = await ctx.call("POST", "/api/transactions", {
        token: user.token,
        body: {
          portfolioId: portfolio.body.id,
          symbol: "AAPL",
          type: "buy",
          quantity: "3",
          price: "100",
          currency: "USD",
          executedAt: "2026-01-05T15:00:00Z",
          note
        }
      })
      const chat = await ctx.call("POST", "/api/ai/chat", {
        token: user.token,
        body: { message: note }
      })
      for (const res of [portfolio, trade]) expect(res.status).toBe(201)
      expect(chat.status).toBe(200)
      pool.portfolioId.push(portfolio.body.id)
      pool.transactionId.push(trade.body.id)
      pool.conversationId.push(chat.body.conversationId)
    }
  })

  /** Keeps the caller's pools and token current as the fuzzed requests create and end things. */
  const track = async (endpoint: Endpoint, answer: Answer) => {
    if ((answer.status === 201 || answer.status === 200) && !endpoint.textSuccess) {
      const body = JSON.parse(answer.text)
      const kind: IdKind | undefined =
        endpoint.id === "portfolios.create"
          ? "portfolioId"
          : endpoint.id === "transactions.create"
            ? "transactionId"
            : undefined
      if (kind !== undefined) pools.own[kind].push(body.id)
      if (endpoint.id === "ai.chat") pools.own.conversationId.push(body.conversationId)
    }
    if (endpoint.id === "users.deleteMe" && answer.status === 204) {
      // The fuzzed password was the real one and the account is gone: the same person signs up
      // again (its old ids now name nothing, and must be answered 404).
      const again = await ctx.call("POST", "/api/auth/register", {
        body: { email: owner.email, password: owner.password, acceptTerms: true },
        headers: { "x-forwarded-for": randomClientIp() }
      })
      expect(again.status).toBe(201)
      tokens.valid = again.body.accessToken
    }
    // A wrong password given to change it or to delete the account counts as a failed sign-in
    // of the account; a real sign-in restarts that count, so the limit never holds the user out.
    const counted =
      (endpoint.id === "users.changePassword" || endpoint.id === "users.deleteMe") &&
      answer.status === 422
    if (counted || (endpoint.id === "auth.logout" && answer.status === 204)) {
      const login = await ctx.call("POST", "/api/auth/login", {
        body: { email: owner.email, password: owner.password },
        headers: { "x-forwarded-for": randomClientIp() }
      })
      expect(login.status).toBe(200)
      tokens.valid = login.body.accessToken
    }
  }

  it(`answers ${REQUESTS} generated and mutated requests as its contract says`, async () => {
    const all = endpoints()
    const statuses = new Map<string, number>()
    const problems: Array<string> = []
    let sent = 0
    const check = async (plan: Plan) => {
      const request = materialise(plan, pools, tokens)
      const answer = await send(request)
      sent++
      const key = `${plan.endpoint.id} ${answer.status}`
      statuses.set(key, (statuses.get(key) ?? 0) + 1)
      const where = `${request.method} ${request.url.slice(0, 200)} [${plan.mutations.join(",")}; token ${plan.token}] body ${String(request.body).slice(0, 200)} -> ${answer.status} ${answer.text.slice(0, 300)}`
      const problem = await judge(plan.endpoint, answer)
      if (problem !== undefined) problems.push(`${problem}: ${where}`)
      if (
        answer.text.includes(SECRET) ||
        pools.others.transactionId.some((id) => answer.text.includes(id))
      )
        problems.push(`another user's data shown: ${where}`)
      await track(plan.endpoint, answer)
      return problem === undefined
    }
    const before = await snapshot(other)
    await fc
      .assert(
        fc.asyncProperty(
          fc.constantFrom(...all).chain((endpoint) => planFor(endpoint)),
          check
        ),
        { numRuns: REQUESTS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true }
      )
      .catch((error) => problems.push(String(error).slice(0, 2000)))

    const byStatus = new Map<number, number>()
    for (const [key, n] of statuses) {
      const status = Number(key.split(" ")[1])
      byStatus.set(status, (byStatus.get(status) ?? 0) + n)
    }
    console.log(
      `Fuzzed ${sent} requests over ${all.length} endpoints: ${[...byStatus]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(", ")}; ${problems.length} problems`
    )
    expect(problems.slice(0, 10)).toEqual([])
    expect(sent).toBeGreaterThanOrEqual(REQUESTS)
    // Every endpoint was reached, and answered with success at least once where it can be.
    const reached = new Set([...statuses.keys()].map((k) => k.split(" ")[0]))
    expect(all.filter((e) => !reached.has(e.id)).map((e) => e.id)).toEqual([])
    expect(await snapshot(other)).toEqual(before)
  }, 600_000)
})

/** What is wrong with an answer, if anything: a 5xx, an undeclared status, or a body off its Schema. */
const judge = async (endpoint: Endpoint, answer: Answer): Promise<string | undefined> => {
  if (answer.status >= 500) return "a 5xx"
  if (!endpoint.declared.has(answer.status))
    return `status ${answer.status} not declared in openapi.json`
  if (answer.status === 204) return answer.text === "" ? undefined : "a 204 with a body"
  if (answer.status < 300 && endpoint.textSuccess) return undefined
  let body: unknown
  try {
    body = JSON.parse(answer.text)
  } catch {
    return "a body that is not JSON"
  }
  if (answer.status < 300) {
    const schema = endpoint.successes.get(answer.status)
    if (schema === undefined) return `no success Schema for ${answer.status}`
    const problem = await decodeProblem(schema, body)
    return problem === undefined ? undefined : `a success body off its Schema (${problem})`
  }
  const shaped = body as { _tag?: unknown; message?: unknown }
  if (typeof shaped._tag !== "string" || typeof shaped.message !== "string")
    return "an error without _tag and message"
  const schema = endpoint.errors.get(answer.status)
  if (schema === undefined) return undefined
  const problem = await decodeProblem(schema, body)
  return problem === undefined ? undefined : `an error body off its Schema (${problem})`
}
