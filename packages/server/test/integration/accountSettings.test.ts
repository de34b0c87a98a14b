import { describe, expect, it } from "vitest"
import { makeClient, randomClientIp, STRONG_PASSWORD } from "../support/client.js"
import { useTestServer } from "../support/server.js"
import { signUp } from "../support/session.js"

const { call, ownerQuery, baseUrl } = useTestServer()

/** A second sign-in of the same user, from another device. */
const signInElsewhere = async (email: string, password = STRONG_PASSWORD) => {
  const res = await makeClient(baseUrl(), randomClientIp())("POST", "/api/auth/login", {
    body: { email, password },
    headers: { "user-agent": "other device" }
  })
  expect(res.status).toBe(200)
  return res.body.accessToken as string
}

const NEW_PASSWORD = "a much longer passphrase now"

describe("account settings", () => {
  it("change the name, default currency and time zone; bad ones are refused by field", async () => {
    const user = await signUp(call, "settings")
    const changed = await call("PATCH", "/api/users/me", {
      token: user.token,
      body: { displayName: "Ada", defaultCurrency: "EUR", timeZone: "Europe/Paris" }
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({
      displayName: "Ada",
      defaultCurrency: "EUR",
      timeZone: "Europe/Paris"
    })
    const cleared = await call("PATCH", "/api/users/me", {
      token: user.token,
      body: { displayName: null }
    })
    expect(cleared.body).toMatchObject({ displayName: null, timeZone: "Europe/Paris" })
    const bad = await call("PATCH", "/api/users/me", {
      token: user.token,
      body: { timeZone: "Mars/Olympus_Mons" }
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues.map((i: { path: Array<string> }) => i.path[0])).toContain("timeZone")
    const badCurrency = await call("PATCH", "/api/users/me", {
      token: user.token,
      body: { defaultCurrency: "XYZ" }
    })
    expect(badCurrency.status).toBe(400)
    expect(badCurrency.body.issues[0].path).toEqual(["defaultCurrency"])
    expect((await call("GET", "/api/users/me", { token: user.token })).body.timeZone).toBe(
      "Europe/Paris"
    )
  })

  it("change the password with the current one, ending every other session", async () => {
    const user = await signUp(call, "password")
    const other = await signInElsewhere(user.email)
    const wrong = await call("POST", "/api/users/me/password", {
      token: user.token,
      body: { currentPassword: "not the password", newPassword: NEW_PASSWORD }
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body.issues[0].path).toEqual(["currentPassword"])
    const weak = await call("POST", "/api/users/me/password", {
      token: user.token,
      body: { currentPassword: STRONG_PASSWORD, newPassword: "short" }
    })
    expect(weak.status).toBe(400)
    expect(weak.body.issues[0].path).toEqual(["newPassword"])

    const done = await call("POST", "/api/users/me/password", {
      token: user.token,
      body: { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }
    })
    expect(done.status).toBe(204)
    expect((await call("GET", "/api/users/me", { token: user.token })).status).toBe(200)
    expect((await call("GET", "/api/users/me", { token: other })).status).toBe(401)
    const login = (password: string) =>
      call("POST", "/api/auth/login", { body: { email: user.email, password } })
    expect((await login(STRONG_PASSWORD)).status).toBe(401)
    expect((await login(NEW_PASSWORD)).status).toBe(200)
    const audit = await ownerQuery(
      (sql) => sql<{ action: string; details: object }>`
        SELECT action, details FROM app_data.audit_log
        WHERE user_id = ${user.userId} AND action LIKE 'password%' ORDER BY id`
    )
    expect(audit).toEqual([
      { action: "password_change_refused", details: { field: "currentPassword" } },
      { action: "password_changed", details: { otherSessionsEnded: 1 } }
    ])
  })

  it("list the user's sessions and sign one or all others out", async () => {
    const user = await signUp(call, "own-sessions")
    const second = await signInElsewhere(user.email)
    const third = await signInElsewhere(user.email)
    const listed = await call("GET", "/api/users/me/sessions", { token: user.token })
    expect(listed.body.items).toHaveLength(3)
    expect(listed.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1)
    const mine = listed.body.items.find((s: { current: boolean }) => s.current)
    expect(mine.lastActiveAt >= mine.startedAt).toBe(true)
    const secondSession = listed.body.items.find(
      (s: { current: boolean; userAgent: string }) => !s.current && s.userAgent === "other device"
    )

    const one = await call("DELETE", `/api/users/me/sessions/${secondSession.id}`, {
      token: user.token
    })
    expect(one.status).toBe(204)
    const stillOn = [second, third].map(
      async (token) => (await call("GET", "/api/users/me", { token })).status
    )
    expect((await Promise.all(stillOn)).sort()).toEqual([200, 401])
    expect(
      (await call("DELETE", `/api/users/me/sessions/${secondSession.id}`, { token: user.token }))
        .status
    ).toBe(404)
    // Another user's session is not this user's to end.
    const stranger = await signUp(call, "stranger")
    expect(
      (await call("DELETE", `/api/users/me/sessions/${mine.id}`, { token: stranger.token })).status
    ).toBe(404)

    const all = await call("DELETE", "/api/users/me/sessions", { token: user.token })
    expect(all.body).toEqual({ ended: 1 })
    expect((await call("GET", "/api/users/me", { token: third })).status).toBe(401)
    expect((await call("GET", "/api/users/me", { token: user.token })).status).toBe(200)
  })

  it("delete the account with its password: everything it holds goes, the audit names nobody", async () => {
    const user = await signUp(call, "leaving")
    const portfolioId = (await call("GET", "/api/portfolios", { token: user.token })).body.items[0]
      .id
    await call("POST", "/api/auth/login", { body: { email: user.email, password: "wrong one!" } })
    const wrong = await call("POST", "/api/users/me/delete", {
      token: user.token,
      body: { password: "not the password" }
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body.issues[0].path).toEqual(["password"])
    const deleted = await call("POST", "/api/users/me/delete", {
      token: user.token,
      body: { password: STRONG_PASSWORD }
    })
    expect(deleted.status).toBe(204)
    expect((await call("GET", "/api/users/me", { token: user.token })).status).toBe(401)

    const left = await ownerQuery(
      (sql) => sql<{ users: number; portfolios: number; named: number }>`
        SELECT (SELECT count(*)::int FROM app_data.users WHERE id = ${user.userId}) AS users,
               (SELECT count(*)::int FROM app_data.user_portfolios WHERE id = ${portfolioId}) AS portfolios,
               (SELECT count(*)::int FROM app_data.audit_log
                WHERE details->>'email' = ${user.email} OR user_id = ${user.userId}) AS named`
    )
    expect(left).toEqual([{ users: 0, portfolios: 0, named: 0 }])
    const login = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: STRONG_PASSWORD }
    })
    expect(login.status).toBe(401)
    const trace = await ownerQuery(
      (sql) => sql<{ ip: string | null; userId: string | null; actorId: string | null }>`
        SELECT ip, user_id AS "userId", actor_id AS "actorId" FROM app_data.audit_log
        WHERE action = 'account_deleted' ORDER BY id DESC LIMIT 1`
    )
    expect(trace).toEqual([{ ip: null, userId: null, actorId: null }])
  })
})
