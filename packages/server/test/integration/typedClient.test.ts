import { FetchHttpClient, HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
import {
  Api,
  CreateTransaction,
  type Email,
  type Password,
  type PortfolioId
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { randomClientIp, STRONG_PASSWORD, uniqueEmail } from "../support/client.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

/** The client a web app gets from the domain's HttpApi: every path, field and type derived. */
const clientFor = (token?: string) => {
  const ip = randomClientIp()
  return HttpApiClient.make(Api, {
    baseUrl: server.baseUrl,
    transformClient: HttpClient.mapRequest((request) => {
      const withIp = HttpClientRequest.setHeader(request, "x-forwarded-for", ip)
      return token === undefined ? withIp : HttpClientRequest.bearerToken(withIp, token)
    })
  }).pipe(Effect.provide(FetchHttpClient.layer))
}

describe("the typed HttpApiClient", () => {
  it("signs up, records a trade and lists it, all through the derived client", async () => {
    const program = Effect.gen(function* () {
      const anonymous = yield* clientFor()
      const session = yield* anonymous.auth.register({
        payload: {
          email: uniqueEmail("typed") as Email,
          password: STRONG_PASSWORD as Password,
          acceptTerms: true
        }
      })
      const api = yield* clientFor(session.accessToken)
      const { items } = yield* api.portfolios.list()
      const portfolioId = items[0]!.id as PortfolioId
      // What a form does: decode the user's input with the domain Schema, then send it.
      const payload = Schema.decodeUnknownSync(CreateTransaction)({
        type: "buy",
        portfolioId,
        symbol: "eth-usd",
        quantity: "1.50",
        price: "2500.25",
        currency: "usd",
        executedAt: "2026-05-01T11:30:00+02:00"
      })
      const created = yield* api.transactions.create({
        payload: payload as Extract<CreateTransaction, { type: "buy" }>,
        headers: { "idempotency-key": crypto.randomUUID() }
      })
      const page = yield* api.transactions.list({
        urlParams: { portfolioId, sort: "date", order: "desc", limit: 10 }
      })
      const missing = yield* api.portfolios
        .get({ path: { portfolioId: crypto.randomUUID() as PortfolioId } })
        .pipe(Effect.flip)
      return { created, page, missing }
    })
    const { created, page, missing } = await Effect.runPromise(program)
    expect(created).toMatchObject({
      symbol: "ETH-USD",
      quantity: "1.5",
      price: "2500.25",
      currency: "USD",
      executedAt: "2026-05-01T09:30:00.000Z"
    })
    expect(page.items.map((t) => t.id)).toEqual([created.id])
    expect(page.nextCursor).toBeNull()
    expect(missing._tag).toBe("NotFound")
  })
})
