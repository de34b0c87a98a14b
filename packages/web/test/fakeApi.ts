import type { AxiosAdapter, InternalAxiosRequestConfig } from "axios"
import { afterEach } from "vitest"
import { apiTransport, sessionTransport, setAccessToken } from "../src/api/transport.js"

export interface FakeRequest {
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: unknown
}

export interface FakeResponse {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

/**
 * Answers the app's HTTP calls in component tests: the real typed client and transport run, only
 * the network is replaced. Every request is recorded; an unexpected one fails the test loudly.
 */
export const fakeApi = (handle: (request: FakeRequest) => FakeResponse | undefined) => {
  const requests: Array<FakeRequest> = []
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const url = new URL(config.url ?? "", "http://localhost")
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(config.headers.toJSON()))
      headers[name.toLowerCase()] = String(value)
    const binary = headers["content-type"]?.startsWith("application/octet-stream") ?? false
    const body =
      typeof config.data === "string"
        ? JSON.parse(config.data)
        : config.data
          ? // Bytes from another realm (jsdom's): Buffer reads any ArrayBuffer; a file stays text.
            binary
            ? Buffer.from(config.data).toString("utf8")
            : JSON.parse(Buffer.from(config.data).toString("utf8"))
          : undefined
    const request = {
      method: (config.method ?? "get").toUpperCase(),
      path: `${url.pathname}${url.search}`,
      headers,
      body
    }
    requests.push(request)
    const response = handle(request)
    if (response === undefined)
      throw new Error(`Unexpected request ${request.method} ${request.path}`)
    return {
      data: response.body === undefined ? "" : JSON.stringify(response.body),
      status: response.status,
      statusText: String(response.status),
      headers: { "content-type": "application/json", ...response.headers },
      config,
      request: {}
    }
  }
  apiTransport.defaults.adapter = adapter
  sessionTransport.defaults.adapter = adapter
  return requests
}

afterEach(() => {
  setAccessToken(null)
})

export const user = {
  id: "8f7c3c3e-2f4b-4a8e-9d55-0c1f7a9e4b11",
  email: "ada@example.com",
  displayName: null,
  role: "trader",
  defaultCurrency: "USD",
  timeZone: null,
  termsVersion: "2026-11-01",
  termsAcceptedAt: "2026-11-01T10:00:00.000Z",
  createdAt: "2026-11-01T10:00:00.000Z"
}

/** An audit entry of `user` about their own account. */
export const auditEntry = (id: string, action: string, extra: object = {}) => ({
  id,
  at: "2026-12-01T08:30:00.000Z",
  action,
  category: "security",
  actor: { id: user.id, email: user.email },
  user: { id: user.id, email: user.email },
  target: null,
  ip: "203.0.113.7",
  userAgent: "Firefox",
  requestId: "r-1",
  details: {},
  ...extra
})
