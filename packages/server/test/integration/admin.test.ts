import { Duration } from "effect"
import { describe, expect, it } from "vitest"
import { makeClient, randomClientIp } from "../support/client.js"
import { useTestServer } from "../support/server.js"
import { firstPortfolioOf, signUp, signUpAs } from "../support/session.js"
import { startTestServer } from "../support/TestServer.js"
import { aaplTrade } from "../support/trades.js"

const { call, ownerQuery, baseUrl } = useTestServer()

/** The audit entries about a user, oldest first. */
const auditOf = (userId: string) =>
  ownerQuery(
    (sql) => sql<{ action: string; actorId: string | null; details: Record<string, unknown> }>`
      SELECT action, actor_id AS "actorId", details FROM app_data.audit_log
      WHERE user_id = ${userId} ORDER BY id`
  )

describe("admin: users", () => {
  it("are found by part of the e-mail or name, role and status, a page at a time", async () => {
    const manager = await signUpAs(call, ownerQuery, "manager")
    const tag = `find${Date.now().toString(36)}`
    const a = await signUp(call, `${tag}-a`)
    const b = await signUp(call, `${tag}-b`)
    const c = await signUpAs(call, ownerQuery, "viewer", `${tag}-c`)
    const search = (query: string) =>
      call("GET", `/api/admin/users?${query}`, { token: manager.token })

    const first = await search(`q=${tag.toUpperCase()}&limit=2`)
    expect(first.status).toBe(200)
    expect(first.body.items.map((u: { id: string }) => u.id)).toEqual([c.userId, b.userId])
    const second = await search(`q=${tag}&limit=2&cursor=${first.body.nextCursor}`)
    expect(second.body.items.map((u: { id: string }) => u.id)).toEqual([a.userId])
    expect(second.body.nextCursor).toBeNull()

    const viewers = await search(`q=${tag}&role=viewer`)
    expect(viewers.body.items).toMatchObject([{ id: c.userId, role: "viewer", disabledAt: null }])
    expect(viewers.body.items[0]).toMatchObject({ activeSessions: 1, signInLocked: false })
    expect(viewers.body.items[0].lastSignInAt).toMatch(/Z$/)
    // `%` and `_` are plain characters in a search, not wildcards.
    expect((await search(`q=${encodeURIComponent(`%${tag}`)}`)).body.items).toEqual([])
    expect((await search(`q=${encodeURIComponent(`${tag}_a`)}`)).body.items).toEqual([])

    const bad = await search("role=owner&limit=500")
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/role|Limit/)
    expect((await search("cursor=nonsense")).body.issues[0].path).toEqual(["cursor"])
  })

  it("change role only at an administrator's hand, never their own, audited with the actor", async () => {
    const admin = await signUpAs(call, ownerQuery, "admin")
    const manager = await signUpAs(call, ownerQuery, "manager")
    const user = await signUp(call, "promoted")
    const setRole = (token: string, id: string, role: string) =>
      call("PUT", `/api/admin/users/${id}/role`, { token, body: { role } })

    expect((await setRole(manager.token, user.userId, "viewer")).status).toBe(403)
    const done = await setRole(admin.token, user.userId, "viewer")
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ id: user.userId, role: "viewer" })
    expect((await call("GET", "/api/users/me", { token: user.token })).body.role).toBe("viewer")

    const own = await setRole(admin.token, admin.userId, "trader")
    expect(own.status).toBe(409)
    expect(own.body.message).toMatch(/your own role/)
    expect((await setRole(admin.token, user.userId, "owner")).status).toBe(400)
    const nobody = await setRole(admin.token, "00000000-0000-4000-8000-000000000000", "viewer")
    expect(nobody.status).toBe(404)

    expect((await auditOf(user.userId)).filter((e) => e.action === "role_changed")).toEqual([
      { action: "role_changed", actorId: admin.userId, details: { from: "trader", to: "viewer" } }
    ])
  })

  it("disabled are shut out at once on every replica, their sessions ended; enabled come back", async () => {
    const admin = await signUpAs(call, ownerQuery, "admin")
    const user = await signUp(call, "disabled")
    // A replica that would learn of ended sessions only in minutes.
    const replica = await startTestServer({ sessionRevocationPollInterval: Duration.minutes(10) })
    try {
      const onReplica = makeClient(replica.baseUrl, randomClientIp())
      expect((await onReplica("GET", "/api/portfolios", { token: user.token })).status).toBe(200)

      const disabled = await call("POST", `/api/admin/users/${user.userId}/disable`, {
        token: admin.token
      })
      expect(disabled.status).toBe(200)
      expect(disabled.body).toMatchObject({ activeSessions: 0 })
      expect(disabled.body.disabledAt).toMatch(/Z$/)
      // The other replica reads the account's standing on every request: no wait.
      const refused = await onReplica("GET", "/api/portfolios", { token: user.token })
      expect(refused.status).toBe(401)
      expect(refused.body.message).toMatch(/disabled/)
      expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(401)
      const login = { body: { email: user.email, password: user.password } }
      expect((await call("POST", "/api/auth/login", login)).status).toBe(401)
      expect(
        (await call("POST", `/api/admin/users/${admin.userId}/disable`, { token: admin.token }))
          .status
      ).toBe(409)

      const enabled = await call("POST", `/api/admin/users/${user.userId}/enable`, {
        token: admin.token
      })
      expect(enabled.body.disabledAt).toBeNull()
      expect((await call("POST", "/api/auth/login", login)).status).toBe(200)
      // The old session stays ended (on a replica once its revocation poll has seen it).
      expect((await call("GET", "/api/portfolios", { token: user.token })).status).toBe(401)

      expect(
        (await auditOf(user.userId))
          .filter((e) => e.action.startsWith("account_"))
          .map(({ action, actorId, details }) => ({ action, actorId, details }))
      ).toEqual([
        {
          action: "account_disabled",
          actorId: admin.userId,
          details: { alreadyDisabled: false, sessionsEnded: 1 }
        },
        { action: "account_enabled", actorId: admin.userId, details: { alreadyEnabled: false } }
      ])
    } finally {
      await replica.close()
    }
  })

  it("locked by failed sign-ins are unlocked by an administrator", async () => {
    const admin = await signUpAs(call, ownerQuery, "admin")
    const user = await signUp(call, "locked")
    // Each failure from its own address: the account's limit, not an address's, holds it back.
    for (let i = 0; i < 5; i++) {
      const failed = await makeClient(baseUrl(), randomClientIp())("POST", "/api/auth/login", {
        body: { email: user.email, password: "wrong password!" }
      })
      expect(failed.status).toBe(401)
    }
    const blocked = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password }
    })
    expect(blocked.status).toBe(429)
    const seen = await call("GET", `/api/admin/users/${user.userId}`, { token: admin.token })
    expect(seen.body.signInLocked).toBe(true)

    const unlocked = await call("POST", `/api/admin/users/${user.userId}/unlock`, {
      token: admin.token
    })
    expect(unlocked.status).toBe(200)
    expect(unlocked.body.signInLocked).toBe(false)
    expect(
      (
        await call("POST", "/api/auth/login", {
          body: { email: user.email, password: user.password }
        })
      ).status
    ).toBe(200)
    expect((await auditOf(user.userId)).find((e) => e.action === "account_unlocked")).toEqual({
      action: "account_unlocked",
      actorId: admin.userId,
      details: { failedSignInsCleared: 5 }
    })
  })

  it("are signed out everywhere by an administrator; managers see the sessions", async () => {
    const admin = await signUpAs(call, ownerQuery, "admin")
    const manager = await signUpAs(call, ownerQuery, "manager")
    const user = await signUp(call, "everywhere")
    const second = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password },
      headers: { "user-agent": "second device" }
    })
    const sessions = await call("GET", `/api/admin/users/${user.userId}/sessions`, {
      token: manager.token
    })
    expect(sessions.status).toBe(200)
    expect(sessions.body.items).toHaveLength(2)
    expect(sessions.body.items[0]).toMatchObject({ userAgent: "second device" })

    expect(
      (await call("DELETE", `/api/admin/users/${user.userId}/sessions`, { token: manager.token }))
        .status
    ).toBe(403)
    const ended = await call("DELETE", `/api/admin/users/${user.userId}/sessions`, {
      token: admin.token
    })
    expect(ended.body).toEqual({ ended: 2 })
    for (const token of [user.token, second.body.accessToken])
      expect((await call("GET", "/api/users/me", { token })).status).toBe(401)
    const after = await call("GET", `/api/admin/users/${user.userId}/sessions`, {
      token: manager.token
    })
    expect(after.body.items).toEqual([])
  })
})

describe("admin: support view", () => {
  it("lets a manager read a user's portfolios, holdings and transactions, each look audited", async () => {
    const manager = await signUpAs(call, ownerQuery, "manager")
    const trader = await signUpAs(call, ownerQuery, "trader")
    const user = await signUp(call, "supported")
    const portfolioId = await firstPortfolioOf(call, user)
    const bought = await call("POST", "/api/transactions", {
      token: user.token,
      body: aaplTrade(portfolioId, "buy", "3")
    })
    expect(bought.status).toBe(201)
    const base = `/api/admin/users/${user.userId}`

    const portfolios = await call("GET", `${base}/portfolios`, { token: manager.token })
    expect(portfolios.body.items.map((p: { id: string }) => p.id)).toEqual([portfolioId])
    const holdings = await call("GET", `${base}/portfolios/${portfolioId}/holdings`, {
      token: manager.token
    })
    expect(holdings.status).toBe(200)
    expect(holdings.body.items.map((p: { symbol: string }) => p.symbol)).toEqual(["AAPL"])
    const transactions = await call("GET", `${base}/transactions?portfolioId=${portfolioId}`, {
      token: manager.token
    })
    expect(transactions.body.items.map((t: { id: string }) => t.id)).toEqual([bought.body.id])
    expect((await call("GET", `${base}/portfolios`, { token: trader.token })).status).toBe(403)
    // Another user's portfolio id under this user is not found, as for the user themself.
    const foreign = (await call("GET", "/api/portfolios", { token: trader.token })).body.items[0].id
    expect(
      (await call("GET", `${base}/portfolios/${foreign}/holdings`, { token: manager.token })).status
    ).toBe(404)

    const looks = (await auditOf(user.userId)).filter((e) => e.action === "user_data_viewed")
    expect(looks.map((e) => [e.actorId, e.details.viewed])).toEqual([
      [manager.userId, "portfolios"],
      [manager.userId, "holdings"],
      [manager.userId, "transactions"],
      [manager.userId, "holdings"]
    ])
  })
})
