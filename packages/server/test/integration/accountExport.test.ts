import { afterAll, describe, expect, it } from "vitest"
import { useTestServer } from "../support/server.js"
import { firstPortfolioOf, signUp, signUpAs } from "../support/session.js"
import { openSse, type SseStream } from "../support/sse.js"

const { call, ownerQuery, baseUrl } = useTestServer()
const streams: Array<SseStream> = []
afterAll(() => {
  for (const s of streams) s.close()
})

const buy = (token: string, portfolioId: string, day: number) =>
  call("POST", "/api/transactions", {
    token,
    body: {
      type: "buy",
      portfolioId,
      symbol: "AAPL",
      quantity: String(day),
      price: "100.5",
      fee: "1",
      currency: "USD",
      executedAt: `2025-01-${String(day).padStart(2, "0")}T15:00:00Z`
    }
  })

describe("the account export", () => {
  it("runs as a job, reports its progress on the event stream, and downloads everything the account holds", async () => {
    // A viewer may take their own data out too.
    const user = await signUpAs(call, ownerQuery, "viewer", "exporter")
    const portfolioId = await firstPortfolioOf(call, user)
    await ownerQuery(
      (sql) => sql`UPDATE app_data.users SET role = 'trader' WHERE id = ${user.userId}`
    )
    for (const day of [3, 1, 2]) expect((await buy(user.token, portfolioId, day)).status).toBe(201)
    await ownerQuery(
      (sql) => sql`UPDATE app_data.users SET role = 'viewer' WHERE id = ${user.userId}`
    )
    const ticket = (await call("POST", "/api/events/ticket", { token: user.token })).body.ticket
    const stream = await openSse(`${baseUrl()}/api/events?ticket=${encodeURIComponent(ticket)}`)
    streams.push(stream)
    await stream.waitFor("the stream to open", () => stream.messages.length > 0)

    const started = await call("POST", "/api/account/exports", { token: user.token })
    expect(started.status).toBe(202)
    expect(started.body).toMatchObject({ state: "queued", percent: 0, sizeBytes: null })
    const again = await call("POST", "/api/account/exports", { token: user.token })
    expect(again.body.id === started.body.id || again.body.state !== "queued").toBe(true)

    const progress = () =>
      stream
        .events()
        .map((e) => e.data)
        .filter((d) => d.type === "job.progress" && d.id === started.body.id)
    await stream.waitFor("the export to be ready", () =>
      progress().some((p) => p.state === "ready")
    )
    const steps = progress()
    expect(steps[0]).toMatchObject({ job: "account-export", state: "running", percent: 5 })
    expect(steps.at(-1)).toMatchObject({ state: "ready", percent: 100 })
    const percents = steps.map((p) => p.percent)
    expect(percents).toEqual([...percents].sort((a, b) => a - b))

    const listed = await call("GET", "/api/account/exports", { token: user.token })
    expect(listed.body.items[0]).toMatchObject({ id: started.body.id, state: "ready" })
    expect(listed.body.items[0].sizeBytes).toBeGreaterThan(0)

    const download = await call("GET", `/api/account/exports/${started.body.id}/download`, {
      token: user.token
    })
    expect(download.status).toBe(200)
    expect(download.headers.get("content-disposition")).toContain("attachment")
    const file = download.body
    expect(file).toMatchObject({
      format: "trading-app account export",
      version: 1,
      profile: { id: user.userId, email: user.email }
    })
    expect(file.profile).not.toHaveProperty("passwordHash")
    expect(file.portfolios.map((p: { id: string }) => p.id)).toEqual([portfolioId])
    // Every activity, oldest first, exactly as the API gives it.
    const api = await call("GET", "/api/transactions?order=asc&limit=200", { token: user.token })
    expect(file.activities).toEqual(api.body.items)
    expect(file.activities.map((a: { quantity: string }) => a.quantity)).toEqual(["1", "2", "3"])
    expect(file.conversations).toEqual([])
    expect(file.imports).toEqual([])

    const other = await signUp(call, "not-the-exporter")
    const foreign = await call("GET", `/api/account/exports/${started.body.id}/download`, {
      token: other.token
    })
    expect(foreign.status).toBe(404)

    const audit = await ownerQuery(
      (sql) => sql<{ action: string; target: string }>`
        SELECT action, target FROM app_data.audit_log
        WHERE user_id = ${user.userId} AND action = 'account_exported'`
    )
    expect(audit).toEqual([{ action: "account_exported", target: `export:${started.body.id}` }])
  })
})
