import { Duration } from "effect"
import { SignJWT } from "jose"
import { describe, expect, inject, it } from "vitest"
import {
  makeClient,
  randomClientIp,
  refreshCookieOf,
  STRONG_PASSWORD,
  uniqueEmail
} from "../support/client.js"
import { useTestServer } from "../support/server.js"
import { signUp } from "../support/session.js"
import { startTestServer } from "../support/TestServer.js"

const { call, ownerQuery } = useTestServer()

describe("register", () => {
  it("creates the user, a default portfolio and a session, and records consent", async () => {
    const email = uniqueEmail("Reg").replace("reg", "Reg")
    const res = await call("POST", "/api/auth/register", {
      body: {
        email: `  ${email.toUpperCase()} `,
        password: STRONG_PASSWORD,
        displayName: " Ada ",
        acceptTerms: true
      }
    })
    expect(res.status).toBe(201)
    expect(res.body.user).toMatchObject({
      email: email.toLowerCase(),
      displayName: "Ada",
      role: "trader",
      defaultCurrency: "USD",
      timeZone: null,
      termsVersion: "2026-11-01"
    })
    expect(Object.keys(res.body.user).sort()).toEqual(
      [
        "createdAt",
        "defaultCurrency",
        "displayName",
        "email",
        "id",
        "role",
        "termsAcceptedAt",
        "termsVersion",
        "timeZone"
      ].sort()
    )
    expect(res.body.expiresIn).toBe(900)
    const claims = JSON.parse(
      Buffer.from(res.body.accessToken.split(".")[1], "base64url").toString()
    )
    expect(claims.exp - claims.iat).toBe(900)
    expect(res.headers.get("cache-control")).toBe("no-store")
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("refresh_token="))!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/Secure/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).toMatch(/Path=\/api\/auth/)
    expect(/refresh_token=([^;]+)/.exec(cookie)![1]!.length).toBeGreaterThanOrEqual(43)
    // The hint the web app reads holds no secret, on every path, for as long.
    const hint = res.headers.getSetCookie().find((c) => c.startsWith("signed_in="))!
    expect(hint).toMatch(/^signed_in=1;/)
    expect(hint).not.toMatch(/HttpOnly/)
    expect(hint).toMatch(/Path=\/;/)
    expect(hint).toMatch(/SameSite=Strict/)
    expect(/Max-Age=(\d+)/.exec(hint)![1]).toBe(/Max-Age=(\d+)/.exec(cookie)![1])

    const portfolios = await call("GET", "/api/portfolios", { token: res.body.accessToken })
    expect(portfolios.body.items).toHaveLength(1)
    expect(portfolios.body.items[0]).toMatchObject({ name: "My portfolio", baseCurrency: "USD" })

    const stored = await ownerQuery(
      (sql) => sql<{ termsAcceptedAt: Date; hash: string }>`
        SELECT terms_accepted_at AS "termsAcceptedAt", password_hash AS hash FROM app_data.users WHERE id = ${res.body.user.id}`
    )
    expect(stored[0]!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/)
    const tokens = await ownerQuery(
      (sql) => sql<{ n: number }>`
        SELECT count(*)::int AS n FROM app_data.refresh_tokens t JOIN app_data.auth_sessions s ON s.id = t.session_id
        WHERE s.user_id = ${res.body.user.id} AND t.token_hash = sha256(${/refresh_token=([^;]+)/.exec(cookie)![1]!}::bytea)`
    )
    expect(tokens[0]!.n).toBe(1)
  })

  it("requires consent to the terms", async () => {
    for (const acceptTerms of [false, undefined, "true"]) {
      const res = await call("POST", "/api/auth/register", {
        body: { email: uniqueEmail(), password: STRONG_PASSWORD, acceptTerms }
      })
      expect(res.status).toBe(400)
      expect(res.body.issues.map((i: { path: unknown }) => i.path)).toContainEqual(["acceptTerms"])
    }
  })

  it("refuses a taken e-mail, whatever its case", async () => {
    const first = await signUp(call)
    const res = await call("POST", "/api/auth/register", {
      body: { email: first.email.toUpperCase(), password: STRONG_PASSWORD, acceptTerms: true }
    })
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ _tag: "Conflict", field: "email" })
  })

  it("refuses short, long and common passwords with the field named", async () => {
    for (const password of ["short", "x".repeat(129), "password123", "Iloveyou1"]) {
      const res = await call("POST", "/api/auth/register", {
        body: { email: uniqueEmail(), password, acceptTerms: true }
      })
      expect(res.status, password).toBe(400)
      expect(res.body.issues[0].path).toEqual(["password"])
    }
  })

  it("limits new accounts per address, with Retry-After", async () => {
    const strict = await startTestServer({ registrationsPerIpPerHour: 2 })
    try {
      const fromOneAddress = makeClient(strict.baseUrl, randomClientIp())
      await signUp(fromOneAddress)
      await signUp(fromOneAddress)
      const third = await fromOneAddress("POST", "/api/auth/register", {
        body: { email: uniqueEmail(), password: STRONG_PASSWORD, acceptTerms: true }
      })
      expect(third.status).toBe(429)
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0)
      await signUp(makeClient(strict.baseUrl, randomClientIp()))
    } finally {
      await strict.close()
    }
  })

  it("refuses fields a client may not set", async () => {
    const res = await call("POST", "/api/auth/register", {
      body: {
        email: uniqueEmail(),
        password: STRONG_PASSWORD,
        acceptTerms: true,
        id: crypto.randomUUID()
      }
    })
    expect(res.status).toBe(400)
    expect(res.body.issues[0].path).toEqual(["id"])
  })
})

describe("login", () => {
  it("signs in and rehashes nothing when the parameters are current", async () => {
    const user = await signUp(call)
    const res = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password }
    })
    expect(res.status).toBe(200)
    expect(res.body.user.id).toBe(user.userId)
    expect(refreshCookieOf(res.headers)).toBeDefined()
    const me = await call("GET", "/api/users/me", { token: res.body.accessToken })
    expect(me.body.email).toBe(user.email)
  })

  it("rehashes a password stored with outdated parameters", async () => {
    const user = await signUp(call)
    const argon2 = (await import("argon2")).default
    const weak = await argon2.hash(user.password, {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1
    })
    await ownerQuery(
      (sql) => sql`UPDATE app_data.users SET password_hash = ${weak} WHERE id = ${user.userId}`
    )
    const res = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password }
    })
    expect(res.status).toBe(200)
    const [row] = await ownerQuery(
      (sql) =>
        sql<{
          hash: string
        }>`SELECT password_hash AS hash FROM app_data.users WHERE id = ${user.userId}`
    )
    expect(row!.hash).toMatch(/m=19456,p=1,t=2/)
  })

  it("answers a wrong password and an unknown e-mail alike", async () => {
    const user = await signUp(call)
    const wrong = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: "not the password" }
    })
    const unknown = await call("POST", "/api/auth/login", {
      body: { email: uniqueEmail(), password: "not the password" }
    })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
  })

  it("spends about the same time on an unknown e-mail as on a wrong password", async () => {
    const user = await signUp(call)
    const time = async (email: string) => {
      const started = performance.now()
      await call("POST", "/api/auth/login", { body: { email, password: "not the password" } })
      return performance.now() - started
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const wrong: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 3; i++) {
      wrong.push(await time(user.email))
      unknown.push(await time(uniqueEmail()))
    }
    // Both verify an argon2id hash; without the dummy verification an unknown e-mail is ~10x faster.
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.4)
  })

  it("throttles an account after repeated failures, with Retry-After, and lets other accounts through", async () => {
    const user = await signUp(call)
    for (let i = 0; i < 5; i++) {
      const res = await call("POST", "/api/auth/login", {
        body: { email: user.email, password: "wrong password" }
      })
      expect(res.status).toBe(401)
    }
    const throttled = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password }
    })
    expect(throttled.status).toBe(429)
    expect(throttled.body._tag).toBe("TooManyRequests")
    const retryAfter = Number(throttled.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expect(throttled.body.retryAfter).toBe(retryAfter)

    const other = await signUp(call)
    const ok = await call("POST", "/api/auth/login", {
      body: { email: other.email, password: other.password }
    })
    expect(ok.status).toBe(200)
  })

  it("lets the account in again once the failures leave the window (never a permanent lock)", async () => {
    const user = await signUp(call)
    for (let i = 0; i < 5; i++) {
      await call("POST", "/api/auth/login", {
        body: { email: user.email, password: "wrong password" }
      })
    }
    expect(
      (
        await call("POST", "/api/auth/login", {
          body: { email: user.email, password: user.password }
        })
      ).status
    ).toBe(429)
    await ownerQuery(
      (sql) =>
        sql`UPDATE app_data.login_attempts SET attempted_at = attempted_at - interval '16 minutes' WHERE email = ${user.email}`
    )
    expect(
      (
        await call("POST", "/api/auth/login", {
          body: { email: user.email, password: user.password }
        })
      ).status
    ).toBe(200)
  })

  it("throttles an address that fails across many accounts", async () => {
    const strict = await startTestServer({ loginMaxFailuresPerIp: 3 })
    try {
      const ip = randomClientIp()
      const call2 = makeClient(strict.baseUrl, ip)
      for (let i = 0; i < 3; i++) {
        await call2("POST", "/api/auth/login", {
          body: { email: uniqueEmail(), password: "wrong password" }
        })
      }
      const res = await call2("POST", "/api/auth/login", {
        body: { email: uniqueEmail(), password: "whatever123" }
      })
      expect(res.status).toBe(429)
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0)
      const elsewhere = makeClient(strict.baseUrl, randomClientIp())
      const user = await signUp(elsewhere)
      expect(
        (
          await elsewhere("POST", "/api/auth/login", {
            body: { email: user.email, password: user.password }
          })
        ).status
      ).toBe(200)
    } finally {
      await strict.close()
    }
  })
})

describe("refresh", () => {
  it("rotates the refresh token on every use", async () => {
    const user = await signUp(call)
    const first = await call("POST", "/api/auth/refresh", { cookie: user.cookie })
    expect(first.status).toBe(200)
    expect(first.body.expiresIn).toBe(900)
    const next = refreshCookieOf(first.headers)!
    expect(next).not.toBe(user.cookie)
    const me = await call("GET", "/api/users/me", { token: first.body.accessToken })
    expect(me.status).toBe(200)
    const second = await call("POST", "/api/auth/refresh", { cookie: next })
    expect(second.status).toBe(200)
  })

  it("revokes the whole session when a used token is presented again", async () => {
    const user = await signUp(call)
    const first = await call("POST", "/api/auth/refresh", { cookie: user.cookie })
    const rotated = refreshCookieOf(first.headers)!
    const replay = await call("POST", "/api/auth/refresh", { cookie: user.cookie })
    expect(replay.status).toBe(401)
    // The legitimate holder's newer token and every access token of the session are dead too.
    expect((await call("POST", "/api/auth/refresh", { cookie: rotated })).status).toBe(401)
    expect((await call("GET", "/api/users/me", { token: first.body.accessToken })).status).toBe(401)
    expect((await call("GET", "/api/users/me", { token: user.token })).status).toBe(401)
    const [audit] = await ownerQuery(
      (sql) => sql<{ n: number }>`SELECT count(*)::int AS n FROM app_data.audit_log
                                  WHERE user_id = ${user.userId} AND action = 'refresh_token_reused'`
    )
    expect(audit!.n).toBe(1)
  })

  it("refuses a missing or unknown refresh token", async () => {
    expect((await call("POST", "/api/auth/refresh")).status).toBe(401)
    const res = await call("POST", "/api/auth/refresh", { cookie: "refresh_token=not-a-token" })
    expect(res.status).toBe(401)
    expect(res.body._tag).toBe("Unauthorized")
  })

  it("keeps other sessions of the same user alive", async () => {
    const user = await signUp(call)
    const other = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password }
    })
    await call("POST", "/api/auth/refresh", { cookie: user.cookie })
    await call("POST", "/api/auth/refresh", { cookie: user.cookie })
    expect((await call("GET", "/api/users/me", { token: other.body.accessToken })).status).toBe(200)
  })
})

describe("logout", () => {
  it("makes the access token and the refresh token unusable", async () => {
    const user = await signUp(call)
    const res = await call("POST", "/api/auth/logout", { token: user.token, cookie: user.cookie })
    expect(res.status).toBe(204)
    expect(res.headers.getSetCookie().join()).toMatch(
      /refresh_token=;.*Max-Age=0|refresh_token=;.*Expires=/
    )
    expect(res.headers.getSetCookie().join()).toMatch(/signed_in=;.*(Max-Age=0|Expires=)/)
    expect((await call("GET", "/api/users/me", { token: user.token })).status).toBe(401)
    expect((await call("POST", "/api/auth/refresh", { cookie: user.cookie })).status).toBe(401)
  })

  it("reaches other replicas within their revocation poll interval", async () => {
    const replica = await startTestServer({ sessionRevocationPollInterval: Duration.millis(100) })
    try {
      const onReplica = makeClient(replica.baseUrl, randomClientIp())
      const user = await signUp(call)
      expect((await onReplica("GET", "/api/users/me", { token: user.token })).status).toBe(200)
      expect((await call("POST", "/api/auth/logout", { token: user.token })).status).toBe(204)
      const deadline = Date.now() + 3000
      let status = 200
      while (status === 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50))
        status = (await onReplica("GET", "/api/users/me", { token: user.token })).status
      }
      expect(status).toBe(401)
    } finally {
      await replica.close()
    }
  })

  it("is known to a replica that starts after it", async () => {
    const user = await signUp(call)
    await call("POST", "/api/auth/logout", { token: user.token })
    const replica = await startTestServer()
    try {
      const onReplica = makeClient(replica.baseUrl, randomClientIp())
      expect((await onReplica("GET", "/api/users/me", { token: user.token })).status).toBe(401)
    } finally {
      await replica.close()
    }
  })

  it("works with the refresh cookie alone, and is harmless without credentials", async () => {
    const user = await signUp(call)
    expect((await call("POST", "/api/auth/logout", { cookie: user.cookie })).status).toBe(204)
    expect((await call("GET", "/api/users/me", { token: user.token })).status).toBe(401)
    expect((await call("POST", "/api/auth/logout")).status).toBe(204)
  })
})

describe("access tokens", () => {
  const secret = () => new TextEncoder().encode(inject("jwtSecret"))
  const forge = (
    user: { userId: string },
    sessionId: string,
    edit: (jwt: SignJWT) => SignJWT = (j) => j,
    typ = "at+jwt"
  ) =>
    edit(
      new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: "HS256", typ })
        .setSubject(user.userId)
        .setIssuer("trading-app")
        .setAudience("trading-app")
        .setIssuedAt()
        .setExpirationTime("5m")
    ).sign(secret())
  const sessionOf = (token: string) =>
    JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sid as string

  it("accepts a well-formed token (the forging helper is faithful)", async () => {
    const user = await signUp(call)
    const token = await forge(user, sessionOf(user.token))
    expect((await call("GET", "/api/users/me", { token })).status).toBe(200)
  })

  it("refuses expired, tampered, unsigned, foreign and malformed tokens", async () => {
    const user = await signUp(call)
    const sid = sessionOf(user.token)
    const [header, payload, signature] = user.token.split(".") as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString())
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: crypto.randomUUID() })).toString("base64url")}.${signature}`
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${payload}.`
    const cases: Record<string, string> = {
      expired: await forge(user, sid, (j) =>
        j
          .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      ),
      tampered,
      "alg none": none,
      "wrong audience": await forge(user, sid, (j) => j.setAudience("another-app")),
      "wrong issuer": await forge(user, sid, (j) => j.setIssuer("someone-else")),
      "wrong type": await forge(user, sid, undefined, "JWT"),
      "other key": await new SignJWT({ sid })
        .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
        .setSubject(user.userId)
        .setIssuer("trading-app")
        .setAudience("trading-app")
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(new TextEncoder().encode("another-secret-another-secret-another-secret")),
      garbage: "not.a.jwt",
      empty: ""
    }
    for (const [name, token] of Object.entries(cases)) {
      const res = await call("GET", "/api/users/me", { token })
      expect(res.status, name).toBe(401)
      expect(res.body._tag, name).toBe("Unauthorized")
    }
  })

  it("refuses a request without an Authorization header or with another scheme", async () => {
    expect((await call("GET", "/api/users/me")).status).toBe(401)
    const basic = await call("GET", "/api/users/me", {
      headers: { authorization: "Basic dXNlcjpwYXNz" }
    })
    expect(basic.status).toBe(401)
  })
})
