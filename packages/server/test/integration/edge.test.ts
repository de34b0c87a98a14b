import { request } from "node:http"
import { connect } from "node:net"
import { beforeAll, describe, expect, it } from "vitest"
import { useTestServer } from "../support/server.js"
import { type Session, signUp } from "../support/session.js"

/** What nothing at the edge may answer with: a 5xx, or a body that is not the API's error shape. */
const expectRefused = (
  res: { status: number; body: { _tag?: string; issues?: Array<{ path: unknown }> } },
  status: number,
  path?: ReadonlyArray<string | number>
) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  expect(typeof res.body._tag).toBe("string")
  if (path !== undefined) expect(res.body.issues?.map((i) => i.path)).toContainEqual(path)
}

const { call, baseUrl } = useTestServer()
let user: Session
let portfolioId: string

beforeAll(async () => {
  user = await signUp(call, "edge")
  portfolioId = (await call("GET", "/api/portfolios", { token: user.token })).body.items[0].id
})

const trade = (overrides: Record<string, unknown> = {}) => ({
  portfolioId,
  symbol: "BTC-USD",
  type: "buy",
  quantity: "1",
  price: "100",
  currency: "USD",
  executedAt: "2026-02-01T10:00:00Z",
  ...overrides
})

/** A raw HTTP/1.1 request, for what fetch refuses to send (a GET with a body). */
const raw = (method: string, path: string, headers: Record<string, string>, body: string) =>
  new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = request(`${baseUrl()}${path}`, { method, headers }, (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (chunk) => {
          text += chunk
        })
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }))
      })
      req.on("error", reject)
      req.end(body)
    }
  )

describe("bodies where none belongs", () => {
  it.each([
    ["an empty chunked body", ""],
    ["a chunked body", '{"a":1}']
  ])("a GET with %s is answered as any GET", async (_, body) => {
    const res = await raw("GET", "/api/health", { "transfer-encoding": "chunked" }, body)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text)).toEqual({ status: "ok" })
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe("request targets no browser sends", () => {
  /** One request written by hand on a socket, and the status line and body of the answer. */
  const rawTarget = (target: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(baseUrl())
      const socket = connect(Number(port), "127.0.0.1", () =>
        socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
      )
      let text = ""
      socket.on("data", (chunk) => {
        text += chunk
      })
      socket.on("end", () =>
        resolve({ status: Number(text.split(" ")[1]), body: text.split("\r\n\r\n")[1] ?? "" })
      )
      socket.on("error", reject)
    })

  it.each(["//[%00", "//[", "*", "http://[/api", "/api/health?%zz=%", "/api/%zz", "/api/\u0000"])(
    "%j is answered with a JSON error or an answer, never a 5xx",
    async (target) => {
      const res = await rawTarget(target)
      expect(res.status).toBeLessThan(500)
      expect(res.status).toBeGreaterThanOrEqual(200)
      expect(typeof JSON.parse(res.body)).toBe("object")
    }
  )
})

describe("content types", () => {
  it.each([
    ["application/x-www-form-urlencoded", "email=a%40b.co&password=whatever-long-enough"],
    [
      "multipart/form-data; boundary=x",
      '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.co\r\n--x--'
    ],
    ["text/plain", '{"email":"a@b.co","password":"whatever-long-enough"}'],
    ["application/jsonx", '{"email":"a@b.co","password":"whatever-long-enough"}'],
    ["application/merge-patch+json", '{"email":"a@b.co","password":"whatever-long-enough"}']
  ])("a %s body answers 415", async (contentType, body) => {
    for (const path of ["/api/auth/login", "/api/auth/refresh"]) {
      const res = await call("POST", path, {
        rawBody: body,
        headers: { "content-type": contentType }
      })
      expectRefused(res, 415)
      expect(res.body._tag).toBe("UnsupportedMediaType")
    }
  })

  it("JSON with parameters is JSON; an empty body needs no type", async () => {
    const login = { email: "nobody@example.com", password: "not the password" }
    for (const type of ["application/json; charset=utf-8", "Application/JSON;charset=UTF-8"]) {
      const res = await call("POST", "/api/auth/login", {
        body: login,
        headers: { "content-type": type }
      })
      expect(res.status).toBe(401)
    }
    const refresh = await call("POST", "/api/auth/refresh", {
      headers: { "content-type": "text/plain" }
    })
    expect(refresh.status).toBe(401)
  })
})

describe("the NUL character", () => {
  const nul = "a\u0000b"
  it("is refused in every text of a body, naming the field", async () => {
    expectRefused(
      await call("POST", "/api/transactions", { token: user.token, body: trade({ note: nul }) }),
      400,
      ["note"]
    )
    expectRefused(
      await call("POST", "/api/portfolios", {
        token: user.token,
        body: { name: nul, baseCurrency: "USD" }
      }),
      400,
      ["name"]
    )
    expectRefused(
      await call("PATCH", `/api/portfolios/${portfolioId}`, {
        token: user.token,
        body: { name: nul }
      }),
      400,
      ["name"]
    )
    expectRefused(
      await call("POST", "/api/auth/register", {
        body: {
          email: "nul@example.com",
          password: "correct horse battery staple",
          acceptTerms: true,
          displayName: nul
        }
      }),
      400,
      ["displayName"]
    )
    expectRefused(
      await call("POST", "/api/ai/chat", { token: user.token, body: { message: nul } }),
      400,
      ["message"]
    )
    expectRefused(
      await call("POST", "/api/ai/chat", { token: user.token, body: { [nul]: "key" } }),
      400,
      [nul]
    )
  })

  it("is refused in query parameters and paths", async () => {
    expectRefused(await call("GET", "/api/market/instruments?q=%00", { token: user.token }), 400, [
      "q"
    ])
    expectRefused(
      await call("GET", "/api/transactions?symbol=BTC%00", { token: user.token }),
      400,
      ["symbol"]
    )
    expectRefused(
      await call("GET", "/api/market/instruments/BTC%00USD", { token: user.token }),
      400,
      ["path"]
    )
  })
})

describe("nesting", () => {
  it.each([
    ["POST", "/api/transactions"],
    ["PATCH", "/api/portfolios/00000000-0000-4000-8000-000000000000"],
    ["POST", "/api/auth/login"]
  ])("5,000 levels of arrays or objects on %s %s answer 400", async (method, path) => {
    for (const body of [
      "[".repeat(5000) + "]".repeat(5000),
      `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`
    ]) {
      const res = await call(method, path, { token: user.token, rawBody: body })
      expectRefused(res, 400)
      expect(res.body.message).toContain("nested deeper than 32 levels")
    }
  })
})

describe("dates", () => {
  it.each([
    ["to", "0000-01-01T00:00:00Z"],
    ["from", "1969-12-31T00:00:00Z"],
    ["to", "10000-01-01T00:00:00Z"],
    ["from", "2024-02-30T00:00:00Z"]
  ])(
    "a filter %s=%s out of range or off the calendar answers 400 naming it",
    async (name, value) => {
      expectRefused(
        await call("GET", `/api/transactions?${name}=${encodeURIComponent(value)}`, {
          token: user.token
        }),
        400,
        [name]
      )
    }
  )

  it.each([
    ["2024-02-30T10:00:00Z", "a day that does not exist"],
    ["2023-02-29T10:00:00Z", "29 February of a common year"],
    ["2024-06-01T24:00:00Z", "hour 24"],
    ["0001-06-01T10:00:00Z", "year 1"],
    ["1969-06-01T10:00:00Z", "before 1970"]
  ])("an execution at %s (%s) answers 400 naming executedAt", async (executedAt) => {
    expectRefused(
      await call("POST", "/api/transactions", { token: user.token, body: trade({ executedAt }) }),
      400,
      ["executedAt"]
    )
  })

  it("the performance of a portfolio with the earliest execution allowed is computed", async () => {
    const created = await call("POST", "/api/transactions", {
      token: user.token,
      body: trade({ executedAt: "1970-01-01T00:00:00Z" })
    })
    expect(created.status).toBe(201)
    const performance = await call("GET", `/api/portfolios/${portfolioId}/performance`, {
      token: user.token
    })
    expect(performance.status).toBe(200)
  })

  const cursor = (text: string) => Buffer.from(text).toString("base64url")
  it.each([
    "-271821-04-20T00:00:00.000Z",
    "+275760-09-13T00:00:00.000Z",
    "0000-01-01T00:00:00.000Z",
    "2024-02-30T00:00:00.000Z",
    "not a date"
  ])("a forged cursor at %s answers 400 naming cursor", async (at) => {
    const forged = cursor(`${at}|00000000-0000-4000-8000-000000000000`)
    for (const path of ["/api/transactions", "/api/ai/conversations"]) {
      expectRefused(await call("GET", `${path}?cursor=${forged}`, { token: user.token }), 400, [
        "cursor"
      ])
    }
  })
})
