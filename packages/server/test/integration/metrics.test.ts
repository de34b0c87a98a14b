import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient, randomClientIp } from "../support/client.js"
import { type Call, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"
import { until } from "../support/until.js"

let server: TestServer
let call: Call
beforeAll(async () => {
  server = await startTestServer()
  call = makeClient(server.baseUrl, randomClientIp())
})
afterAll(() => server.close())

const scrape = async () => {
  const res = await fetch(server.metricsUrl)
  expect(res.status).toBe(200)
  expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4")
  return res.text()
}
const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe("/metrics", () => {
  it("counts requests and their durations by route template, method and status", async () => {
    const before =
      value(await scrape(), 'http_requests_total{route="/api/health",method="GET",status="200"}') ??
      0
    await call("GET", "/api/health")
    await call("GET", "/api/health")
    const user = await signUp(call, "metrics")
    await call("GET", "/api/portfolios/00000000-0000-4000-8000-000000000000", { token: user.token })
    await call("GET", "/api/no/such/route/42")
    const text = await scrape()
    expect(value(text, 'http_requests_total{route="/api/health",method="GET",status="200"}')).toBe(
      before + 2
    )
    expect(
      value(
        text,
        'http_requests_total{route="/api/portfolios/:portfolioId",method="GET",status="404"}'
      )
    ).toBeGreaterThanOrEqual(1)
    expect(text).toContain('http_requests_total{route="other",method="GET",status="404"}')
    expect(text).not.toContain("/api/no/such/route")
    expect(text).toContain("# TYPE http_request_duration_seconds histogram")
    expect(
      value(
        text,
        'http_request_duration_seconds_count{route="/api/health",method="GET",status="200"}'
      )
    ).toBe(before + 2)
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{route="\/api\/health",method="GET",status="200",le="\+Inf"\} \d+/
    )
  })

  it("reports the database pool, the Librarian's calls and its breaker", async () => {
    const user = await signUp(call, "metrics-ai")
    await call("POST", "/api/ai/chat", { token: user.token, body: { message: "Counted?" } })
    // Every replica's ticks share the database: a moment may find queries waiting for a
    // connection, and the gauge is back at 0 once they have run.
    const text = await until("no query waiting for a connection", async () => {
      const scraped = await scrape()
      return value(scraped, "db_pool_waiting") === 0 ? scraped : undefined
    })
    expect(value(text, 'db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1)
    expect(value(text, "db_pool_waiting")).toBe(0)
    expect(value(text, 'librarian_calls_total{outcome="not_configured"}')).toBeGreaterThanOrEqual(1)
    expect(text).toContain('librarian_breaker_state{state="closed"} 0')
  })

  it("is not served on the API's port", async () => {
    expect((await call("GET", "/metrics")).status).toBe(404)
    expect((await call("GET", "/api/metrics")).status).toBe(404)
  })
})
