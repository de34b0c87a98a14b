import { describe, expect, it } from "vitest"
import { useTestServer } from "../support/server.js"

const { call, ownerQuery, baseUrl } = useTestServer()

describe("errors are JSON with a tag and a message", () => {
  it("unknown routes answer 404", async () => {
    for (const [method, path] of [
      ["GET", "/api/nothing-here"],
      ["POST", "/api/portfolios/x/y"],
      ["GET", "/"]
    ] as const) {
      const res = await call(method, path)
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ _tag: "NotFound" })
      expect(res.body.message).toContain(path.split("?")[0])
    }
  })

  it("bodies over 64 KiB answer 413", async () => {
    const res = await call("POST", "/api/auth/login", {
      rawBody: JSON.stringify({ email: "a@b.co", password: "x".repeat(70 * 1024) })
    })
    expect(res.status).toBe(413)
    expect(res.body._tag).toBe("PayloadTooLarge")
  })

  it("bodies sent in chunks are limited the same way, and read when small", async () => {
    const chunked = (text: string) =>
      fetch(`${baseUrl()}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "2001:db8::c" },
        body: new ReadableStream({
          start(controller) {
            const bytes = new TextEncoder().encode(text)
            for (let i = 0; i < bytes.length; i += 8192)
              controller.enqueue(bytes.slice(i, i + 8192))
            controller.close()
          }
        }),
        duplex: "half"
      } as RequestInit)
    const big = await chunked(JSON.stringify({ email: "a@b.co", password: "x".repeat(70 * 1024) }))
    expect(big.status).toBe(413)
    expect(((await big.json()) as { _tag: string })._tag).toBe("PayloadTooLarge")
    const small = await chunked(
      JSON.stringify({ email: "nobody@example.com", password: "not the password" })
    )
    expect(small.status).toBe(401)
    expect(((await small.json()) as { _tag: string })._tag).toBe("Unauthorized")
  })

  it("malformed JSON answers 400", async () => {
    const res = await call("POST", "/api/auth/login", { rawBody: '{"email": ' })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      _tag: "ValidationError",
      message: "The request body is not valid JSON"
    })
  })

  it("no error carries a stack trace or SQL", async () => {
    const res = await call("POST", "/api/auth/register", { rawBody: "[1,2,3]" })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|SELECT|INSERT/)
  })
})

describe("every answer", () => {
  it("carries a request id (echoing a sane X-Request-Id) and Cache-Control: no-store", async () => {
    const given = await call("GET", "/api/health", { headers: { "x-request-id": "abc-123" } })
    expect(given.headers.get("x-request-id")).toBe("abc-123")
    expect(given.headers.get("cache-control")).toBe("no-store")
    const made = await call("GET", "/api/nothing", {
      headers: { "x-request-id": "bad id with spaces" }
    })
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
    expect(made.headers.get("cache-control")).toBe("no-store")
  })
})

describe("health", () => {
  it("reports liveness and readiness", async () => {
    expect((await call("GET", "/api/health")).body).toEqual({ status: "ok" })
    const ready = await call("GET", "/api/health/ready")
    expect(ready.status).toBe(200)
    expect(ready.body).toEqual({
      status: "ready",
      checks: {
        database: "ok",
        migrations: "ok",
        marketData: "ok",
        librarian: "not configured",
        librarianBreaker: "none"
      }
    })
  })

  it("is not ready, with the reason, when a known migration is missing", async () => {
    const [applied] = await ownerQuery(
      (sql) => sql<{ name: string; runOn: Date }>`
        DELETE FROM app_data.pgmigrations WHERE name = '1763900000000_core-schema' RETURNING name, run_on AS "runOn"`
    )
    try {
      const res = await call("GET", "/api/health/ready")
      expect(res.status).toBe(503)
      expect(res.body).toMatchObject({
        _tag: "ServiceUnavailable",
        checks: { database: "ok", migrations: "pending: 1763900000000_core-schema" }
      })
    } finally {
      await ownerQuery(
        (sql) =>
          sql`INSERT INTO app_data.pgmigrations (name, run_on) VALUES (${applied!.name}, ${applied!.runOn})`
      )
    }
    expect((await call("GET", "/api/health/ready")).status).toBe(200)
  })
})

describe("docs", () => {
  it("serves the OpenAPI document and the interactive docs", async () => {
    const spec = await call("GET", "/api/openapi.json")
    expect(spec.status).toBe(200)
    expect(spec.body.openapi).toBe("3.1.0")
    const docs = await fetch(`${baseUrl()}/api/docs`)
    expect(docs.status).toBe(200)
    expect(docs.headers.get("content-type")).toMatch(/text\/html/)
  })
})
