import { Option, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MailCatcher, startMailCatcher } from "../../src/dev/MailCatcher.js"
import { makeClient, randomClientIp, STRONG_PASSWORD } from "../support/client.js"
import { type Call, signUp } from "../support/session.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"
import { until } from "../support/until.js"

const NEW_PASSWORD = "a brand new passphrase"
// A per-address limit small enough to reach.
const mailSettings = (catcher: MailCatcher) => ({
  smtpUrl: Option.some(Redacted.make(catcher.smtpUrl)),
  from: "trading-app <no-reply@localhost>",
  publicUrl: Option.some("https://trading.example.com"),
  catcherUrl: Option.some(catcher.url),
  resetsPerIpPerHour: 4,
  resetsPerAccountPerHour: 3
})

let catcher: MailCatcher
let server: TestServer
let call: Call

beforeAll(async () => {
  catcher = await startMailCatcher()
  server = await startTestServer({ mail: mailSettings(catcher) })
  call = makeClient(server.baseUrl, randomClientIp())
})
afterAll(async () => {
  await server?.close()
  await catcher?.close()
})

/** The token of the newest reset mail to `email`. */
const linkFor = async (email: string, count = 1) => {
  const mails = await until(`${count} reset mail(s) to ${email}`, async () => {
    const to = catcher.messages().filter((m) => m.to === email)
    return to.length >= count ? to : undefined
  })
  const text = mails.at(-1)!.text
  const link = /https:\/\/trading\.example\.com\/reset-password#token=([\w-]+)/.exec(text)
  expect(link, text).not.toBeNull()
  return link![1]!
}

describe("password reset by e-mail", () => {
  it("mails a single-use link that sets a new password and ends every session", async () => {
    const user = await signUp(call, "reset")
    const status = await call("GET", "/api/auth/password-reset")
    expect(status.body).toEqual({ available: true, mailbox: catcher.url })

    const asked = await call("POST", "/api/auth/password-reset", { body: { email: user.email } })
    expect(asked.status).toBe(202)
    const unknown = await call("POST", "/api/auth/password-reset", {
      body: { email: `nobody-${Date.now()}@example.com` }
    })
    // The same answer whether or not an account has the address.
    expect(unknown.status).toBe(202)
    expect(unknown.body).toEqual(asked.body)
    expect(asked.body.mailbox).toBe(catcher.url)

    const token = await linkFor(user.email)
    const mail = catcher.messages().find((m) => m.to === user.email)!
    expect(mail.subject).toBe("Choose a new trading-app password")
    const stored = await server.ownerQuery(
      (sql) => sql`SELECT token_hash FROM app_data.password_resets WHERE user_id = ${user.userId}`
    )
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(token)

    const weak = await call("POST", "/api/auth/password-reset/confirm", {
      body: { token, newPassword: "short" }
    })
    expect(weak.status).toBe(400)
    const done = await call("POST", "/api/auth/password-reset/confirm", {
      body: { token, newPassword: NEW_PASSWORD }
    })
    expect(done.status).toBe(204)
    // Every session ended: the old access token is refused, the old password too.
    expect((await call("GET", "/api/users/me", { token: user.token })).status).toBe(401)
    const login = (password: string) =>
      call("POST", "/api/auth/login", { body: { email: user.email, password } })
    expect((await login(STRONG_PASSWORD)).status).toBe(401)
    expect((await login(NEW_PASSWORD)).status).toBe(200)

    // Single use.
    const again = await call("POST", "/api/auth/password-reset/confirm", {
      body: { token, newPassword: "yet another passphrase" }
    })
    expect(again.status).toBe(422)
    expect(again.body.issues[0].path).toEqual(["token"])
    const audit = await server.ownerQuery(
      (sql) => sql`SELECT action FROM app_data.audit_log WHERE user_id = ${user.userId}
                   AND action LIKE 'password_reset%' ORDER BY id`
    )
    expect(audit.map((a: any) => a.action)).toEqual(["password_reset_requested", "password_reset"])
  })

  it("refuses an expired link", async () => {
    const user = await signUp(call, "expired")
    await call("POST", "/api/auth/password-reset", { body: { email: user.email } })
    const token = await linkFor(user.email)
    await server.ownerQuery(
      (sql) => sql`UPDATE app_data.password_resets SET expires_at = now() - interval '1 second'
                   WHERE user_id = ${user.userId}`
    )
    const res = await call("POST", "/api/auth/password-reset/confirm", {
      body: { token, newPassword: NEW_PASSWORD }
    })
    expect(res.status).toBe(422)
    expect(res.body.message).toMatch(/older than 30 minutes/)
  })

  it("sends an account at most three mails an hour and holds an address back after four requests", async () => {
    const user = await signUp(call, "throttled")
    const client = makeClient(server.baseUrl, randomClientIp())
    const answers = []
    for (let i = 0; i < 5; i++)
      answers.push(
        await client("POST", "/api/auth/password-reset", { body: { email: user.email } })
      )
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 429])
    expect(Number(answers[4]!.headers.get("retry-after"))).toBeGreaterThan(0)
    await linkFor(user.email, 3)
    const rows = await server.ownerQuery(
      (sql) => sql`SELECT count(token_hash)::int AS mailed, count(*)::int AS asked
                   FROM app_data.password_resets WHERE user_id = ${user.userId}`
    )
    expect(rows[0]).toEqual({ mailed: 3, asked: 4 })
    await new Promise((r) => setTimeout(r, 300))
    expect(catcher.messages().filter((m) => m.to === user.email)).toHaveLength(3)
  })

  it("says the feature is unavailable on a server without mail settings", async () => {
    const bare = await startTestServer()
    try {
      const client = makeClient(bare.baseUrl, randomClientIp())
      expect((await client("GET", "/api/auth/password-reset")).body).toEqual({
        available: false,
        mailbox: null
      })
      const res = await client("POST", "/api/auth/password-reset", {
        body: { email: "someone@example.com" }
      })
      expect(res.status).toBe(503)
      expect(res.body._tag).toBe("NotAvailable")
    } finally {
      await bare.close()
    }
  })
})
