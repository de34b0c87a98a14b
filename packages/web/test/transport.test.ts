import { describe, expect, it } from "vitest"
import { api, call } from "../src/api/client.js"
import { ApiProblem } from "../src/api/problem.js"
import { setAccessToken } from "../src/api/transport.js"
import { useSession } from "../src/stores/session.js"
import { fakeApi, user } from "./fakeApi.js"

describe("the transport", () => {
  it("refreshes once for concurrent 401s and retries each request once with the new token", async () => {
    setAccessToken("expired")
    let refreshes = 0
    const requests = fakeApi((r) => {
      if (r.path === "/api/auth/refresh") {
        refreshes++
        return { status: 200, body: { accessToken: "fresh", expiresIn: 900 } }
      }
      if (r.path === "/api/users/me")
        return r.headers.authorization === "Bearer fresh"
          ? { status: 200, body: user }
          : { status: 401, body: { _tag: "Unauthorized", message: "Token expired" } }
      return undefined
    })
    const answers = await Promise.all([1, 2, 3].map(() => call(api.users.me())))
    expect(answers.map((u) => u.email)).toEqual([user.email, user.email, user.email])
    expect(refreshes).toBe(1)
    expect(requests.filter((r) => r.path === "/api/users/me")).toHaveLength(6)
    // Every call carries its own request id, and its retry the same one.
    const ids = requests
      .filter((r) => r.path === "/api/users/me")
      .map((r) => r.headers["x-request-id"])
    expect(new Set(ids).size).toBe(3)
    for (const id of new Set(ids)) expect(ids.filter((i) => i === id)).toHaveLength(2)
  })

  it("ends the session when the refresh is refused, without retrying in a loop", async () => {
    setAccessToken("expired")
    useSession.setState({ status: "signedIn", user: user as never })
    const requests = fakeApi((r) =>
      r.path === "/api/auth/refresh" || r.path === "/api/users/me"
        ? { status: 401, body: { _tag: "Unauthorized", message: "Not signed in" } }
        : undefined
    )
    const failure = await call(api.users.me()).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiProblem)
    expect((failure as ApiProblem).kind).toBe("Unauthorized")
    expect(requests.map((r) => r.path)).toEqual(["/api/users/me", "/api/auth/refresh"])
    expect(useSession.getState().status).toBe("signedOut")
  })

  it("maps statuses outside the contract to a message with the wait time", async () => {
    fakeApi(() => ({
      status: 429,
      body: "<html>slow down</html>",
      headers: { "retry-after": "7" }
    }))
    // The health check's contract has no 429 (authenticated endpoints have the rate limit's).
    const failure = (await call(api.health.live()).catch((e: unknown) => e)) as ApiProblem
    expect(failure.kind).toBe("Http")
    expect(failure.status).toBe(429)
    expect(failure.retryAfter).toBe(7)
    expect(failure.message).toMatch(/Too many requests/)
  })

  it("shows the server's own 503 and 429 with their messages and wait times", async () => {
    setAccessToken("token")
    fakeApi((r) =>
      r.path.startsWith("/api/transactions")
        ? {
            status: 503,
            body: {
              _tag: "TemporarilyUnavailable",
              message: "The database is not answering right now. Try again in a moment.",
              retryAfter: 2
            },
            headers: { "retry-after": "2" }
          }
        : {
            status: 429,
            body: {
              _tag: "TooManyRequests",
              message: "Too many requests from your address; try again in 6 seconds",
              retryAfter: 6
            },
            headers: { "retry-after": "6" }
          }
    )
    const unavailable = (await call(
      api.transactions.list({ urlParams: { sort: "date", order: "desc", limit: 50 } })
    ).catch((e: unknown) => e)) as ApiProblem
    expect(unavailable).toMatchObject({
      kind: "TemporarilyUnavailable",
      message: "The database is not answering right now. Try again in a moment.",
      retryAfter: 2
    })
    const limited = (await call(api.market.instruments({ urlParams: { limit: 5 } })).catch(
      (e: unknown) => e
    )) as ApiProblem
    expect(limited).toMatchObject({
      kind: "TooManyRequests",
      message: "Too many requests from your address; try again in 6 seconds",
      retryAfter: 6
    })
  })

  it("restores the session on start through the refresh cookie, and asks nothing without one", async () => {
    // No hint cookie: no session to restore, and no request (none fails in the console).
    const none = fakeApi(() => undefined)
    useSession.setState({ status: "restoring", user: null })
    await useSession.getState().restore()
    expect(useSession.getState().status).toBe("signedOut")
    expect(none).toEqual([])

    // The server sets the hint with the refresh cookie.
    // biome-ignore lint/suspicious/noDocumentCookie: the test plays the server's Set-Cookie
    document.cookie = "signed_in=1; path=/"
    fakeApi((r) =>
      r.path === "/api/auth/refresh"
        ? { status: 200, body: { accessToken: "restored", expiresIn: 900 } }
        : r.path === "/api/users/me" && r.headers.authorization === "Bearer restored"
          ? { status: 200, body: user }
          : undefined
    )
    useSession.setState({ status: "restoring", user: null })
    await useSession.getState().restore()
    expect(useSession.getState()).toMatchObject({ status: "signedIn", user: { email: user.email } })
    // biome-ignore lint/suspicious/noDocumentCookie: and its expiry
    document.cookie = "signed_in=; path=/; max-age=0"
  })
})
