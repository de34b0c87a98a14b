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
    // Research: a strategy in two versions, watched, with a signal.
    const templates = await call("GET", "/api/strategies/templates", { token: user.token })
    const document = { ...templates.body.items[0].document, symbols: ["AAPL"] }
    const strategy = await call("POST", "/api/strategies", {
      token: user.token,
      body: { name: "Exported", document }
    })
    expect(strategy.status).toBe(201)
    await call("PATCH", `/api/strategies/${strategy.body.id}`, {
      token: user.token,
      body: { document: { ...document, feePercent: 0.2 } }
    })
    const watch = await call("POST", "/api/signals/watches", {
      token: user.token,
      body: { strategyId: strategy.body.id }
    })
    expect(watch.status).toBe(201)
    const connection = await call("POST", "/api/connections", {
      token: user.token,
      body: {
        name: "Exported",
        exchange: "binance",
        // Paper (keys kept for later): the test reaches no exchange.
        mode: "paper",
        apiKey: "exported-key-1234",
        apiSecret: "exported-secret-5678"
      }
    })
    expect(connection.status).toBe(201)
    const bot = await call("POST", "/api/bots", {
      token: user.token,
      body: {
        name: "Exported bot",
        connectionId: connection.body.id,
        portfolioId,
        symbol: "AAPL",
        priority: 7,
        settings: {
          grid: {
            direction: "long",
            baseOrder: "100",
            safetyOrder: "50",
            maxSafetyOrders: 1,
            deviationPercent: "1",
            stepScale: "1",
            volumeScale: "1",
            takeProfitPercent: "1"
          },
          takeProfit: "aggregate"
        }
      }
    })
    expect(bot.status, JSON.stringify(bot.body)).toBe(201)
    const limits = await call("PUT", "/api/risk/limits", {
      token: user.token,
      body: { maxOpenGroups: 3, maxDailyLoss: "250.5" }
    })
    expect(limits.status).toBe(200)
    const manual = await call("POST", "/api/orders", {
      token: user.token,
      body: {
        connectionId: connection.body.id,
        portfolioId,
        symbol: "AAPL",
        side: "buy",
        type: "limit",
        quantity: "3",
        price: "1.5"
      }
    })
    expect(manual.status, JSON.stringify(manual.body)).toBe(201)
    await ownerQuery(
      (sql) => sql`INSERT INTO app_data.strategy_signals
                     (watch_id, user_id, symbol, side, reason, bar_time, price)
                   VALUES (${watch.body.id}, ${user.userId}, 'AAPL', 'entry', 'rule',
                     '2025-01-06T00:00:00Z', 101.25)`
    )
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
      version: 3,
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
    // The research, exactly as the API gives it.
    const research = file.research
    const versions = await call("GET", `/api/strategies/${strategy.body.id}/versions`, {
      token: user.token
    })
    expect(research.strategies).toEqual([
      {
        ...(await call("GET", `/api/strategies/${strategy.body.id}`, { token: user.token })).body,
        versions: versions.body.items
      }
    ])
    expect(research.strategies[0].versions.map((v: { version: number }) => v.version)).toEqual([
      2, 1
    ])
    expect(research.watches).toEqual(
      (await call("GET", "/api/signals/watches", { token: user.token })).body.items
    )
    expect(research.signals).toEqual(
      (await call("GET", "/api/signals", { token: user.token })).body.items
    )
    expect(research.signals[0]).toMatchObject({ symbol: "AAPL", side: "entry", price: "101.25" })
    expect(research.signalWebhook).toEqual({ configured: false, host: null, updatedAt: null })
    expect(research.backtests).toEqual([])
    expect(research.documents).toEqual([])
    // The connections as the API lists them (their checks may have moved on since): the key's
    // last four characters, never the keys.
    const settled = ({ status, statusMessage, checkedAt, ...rest }: Record<string, unknown>) => rest
    expect(file.connections.map(settled)).toEqual(
      (await call("GET", "/api/connections", { token: user.token })).body.items.map(settled)
    )
    expect(file.connections[0]).toMatchObject({ name: "Exported", keyHint: "1234" })
    // The execution engine's: the bot, the manual order, the limits.
    expect(file.execution.bots).toMatchObject([
      { id: bot.body.id, name: "Exported bot", symbol: "AAPL", priority: 7 }
    ])
    expect(file.execution.manualOrders).toMatchObject([
      { id: manual.body.id, side: "buy", type: "limit", price: "1.5", quantity: "3" }
    ])
    expect(file.execution.riskLimits).toMatchObject({
      maxOpenGroups: 3,
      maxDailyLoss: "250.5",
      mitigation: false
    })
    expect(file.execution.groups).toEqual([])
    expect(JSON.stringify(file)).not.toContain("exported-key")
    expect(JSON.stringify(file)).not.toContain("exported-secret")

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
