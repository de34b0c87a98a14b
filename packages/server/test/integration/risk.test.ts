import { describe, expect, it } from "vitest"
import { engineTesting, GRID } from "../support/engine.js"
import { usePipeline } from "../support/pipeline.js"
import { useTestServer } from "../support/server.js"
import type { Session } from "../support/session.js"
import { until } from "../support/until.js"

const server = useTestServer()
const { call, ownerQuery } = server
const pipeline = usePipeline()
const { paperTrader, addBot, sender, groupWhen, signalWhen } = engineTesting(server, pipeline)

const riskOf = async (trader: Session) =>
  (await call("GET", "/api/risk", { token: trader.token })).body
const setLimits = (trader: Session, body: object) =>
  call("PUT", "/api/risk/limits", { token: trader.token, body })
/** The next risk tick (every 30 s) checks the user now rather than at their lease's end. */
const checkSoon = (userId: string) =>
  ownerQuery(
    (sql) => sql`UPDATE app_data.risk_limits SET next_check_at = now() WHERE user_id = ${userId}`
  )

describe("the risk engine", () => {
  it("queues an entry past the limits, replaces it with a newer one, promotes it when a group ends, and halts entries after the day's loss", async () => {
    const t = await paperTrader("risk")
    const a = await addBot(t)
    const b = await addBot(t, { priority: 7 })
    const { trader } = t

    expect(await riskOf(trader)).toEqual({
      limits: {
        maxOpenGroups: null,
        maxSymbolExposure: null,
        maxTotalExposure: null,
        maxDailyLoss: null,
        queueMinutes: 60,
        mitigation: false,
        mitigationLossPercent: "10"
      },
      openGroups: 0,
      totalExposure: "0",
      symbols: [],
      realisedToday: "0",
      entriesHalted: null,
      queue: []
    })
    const bad = await setLimits(trader, {
      maxOpenGroups: 0,
      maxTotalExposure: "-5",
      mitigationLossPercent: "0.0005949"
    })
    expect(bad.status).toBe(400)
    const firstIssue = (path: string) =>
      bad.body.issues.find((i: { path: Array<string> }) => i.path[0] === path)?.message
    expect(firstIssue("maxOpenGroups")).toBe("maxOpenGroups must be a whole number from 1 to 100")
    expect(firstIssue("maxTotalExposure")).toMatch(/^Must be a non-negative decimal number/)
    expect(firstIssue("mitigationLossPercent")).toBe(
      "mitigationLossPercent must be less than 100, with at most 2 decimals"
    )
    const set = await setLimits(trader, { maxOpenGroups: 1, maxTotalExposure: "1000" })
    expect(set.status).toBe(200)
    expect(set.body.limits).toMatchObject({ maxOpenGroups: 1, maxTotalExposure: "1000" })

    // A's entry opens a group: 100 at market, 50 and 100 in safety orders, 250 exposed.
    await sender(t.hook, a.botId, a.symbol)("buy", "a1")
    const opened = await signalWhen(trader, "A's entry", (s) => s.state === "done")
    let risk = await until("A's orders placed", async () => {
      const r = await riskOf(trader)
      return r.openGroups === 1 ? r : undefined
    })
    expect(risk).toMatchObject({
      totalExposure: "250",
      symbols: [{ symbol: a.symbol, groups: 1, exposure: "250" }]
    })

    // B's entry would be a second group: it waits, then a newer one for B replaces it.
    const sendB = sender(t.hook, b.botId, b.symbol)
    await sendB("buy", "b1")
    const first = await signalWhen(trader, "B's entry queued", (s) => s.state === "queued")
    expect(first.reason).toBe("Waiting: 1 group is open, the most your limits allow")
    await sendB("buy", "b2")
    await signalWhen(
      trader,
      "the first replaced",
      (s) => s.id === first.id && s.state === "replaced"
    )
    const second = await signalWhen(
      trader,
      "the second queued",
      (s) => s.id !== first.id && s.state === "queued"
    )
    risk = await riskOf(trader)
    expect(risk.queue).toHaveLength(1)
    expect(risk.queue[0]).toMatchObject({
      id: second.id,
      botId: b.botId,
      symbol: b.symbol,
      kind: "entry",
      reason: "Waiting: 1 group is open, the most your limits allow"
    })
    // 100 × 7, less the minutes waited (none yet).
    expect(risk.queue[0].priority).toBe(700)
    const replaced = (await call("GET", "/api/hooks/signals", { token: trader.token })).body.items
    expect(replaced.find((s: any) => s.id === first.id).reason).toBe(
      `Replaced by a newer signal for ${b.symbol}`
    )

    // A's group is closed before its base fills: the capacity frees, B's entry goes ahead.
    await call("POST", `/api/groups/${opened.groupId}/close`, { token: trader.token })
    const promoted = await signalWhen(
      trader,
      "B's entry promoted",
      (s) => s.id === second.id && s.state === "done"
    )
    expect(promoted.reason).toBe("Opened a group")
    expect((await riskOf(trader)).queue).toEqual([])

    // B buys at 100.05 and sells at 49.975 (50 less 0.05 %): a loss of 49.975 − 100.05 and the
    // fees 0.10005 + 0.049975 = −50.225025 realised today.
    await pipeline.trade(b.symbol, new Date(Date.now() + 500).toISOString(), "100")
    await groupWhen(trader, promoted.groupId, "B's base filled", (g) => g.state === "live")
    await sendB("sell", "b-out")
    await groupWhen(trader, promoted.groupId, "B's exit placed", (g) =>
      g.orders.some((o: any) => o.role === "exit" && o.status === "open")
    )
    await pipeline.trade(b.symbol, new Date().toISOString(), "50")
    const lost = await groupWhen(trader, promoted.groupId, "B closed", (g) => g.state === "closed")
    expect(lost.realizedPnl).toBe("-50.225025")
    const halted = await setLimits(trader, { maxDailyLoss: "50" })
    expect(halted.body).toMatchObject({
      realisedToday: "-50.23",
      entriesHalted:
        "Today's realised loss, 50.23, reached the daily limit of 50: new entries wait for 00:00 UTC"
    })
    await sendB("buy", "b3")
    const refused = await signalWhen(
      trader,
      "refused after the day's loss",
      (s) => s.state === "invalid"
    )
    expect(refused.reason).toBe(halted.body.entriesHalted)

    const audit = await ownerQuery(
      (sql) => sql<{ action: string; details: any }>`SELECT action, details FROM app_data.audit_log
        WHERE user_id = ${trader.userId} AND category = 'risk' ORDER BY created_at`
    )
    expect(audit.map((e) => e.action)).toEqual(["risk_limits_changed", "risk_limits_changed"])
    expect(audit[1]?.details).toMatchObject({ maxDailyLoss: "50", maxOpenGroups: null })
  }, 150_000)

  it("expires a queued entry, and lets its owner alone take one out", async () => {
    const t = await paperTrader("queue")
    const a = await addBot(t)
    const b = await addBot(t)
    const { trader } = t
    await setLimits(trader, { maxSymbolExposure: "100", queueMinutes: 5 })
    // 250 in A's grid is over 100 in one symbol: both entries wait.
    await sender(t.hook, a.botId, a.symbol)("buy", "a1")
    await sender(t.hook, b.botId, b.symbol)("buy", "b1")
    const queue = await until("both queued", async () => {
      const r = await riskOf(trader)
      return r.queue.length === 2 ? r.queue : undefined
    })
    expect(queue[0].reason).toMatch(
      /^Waiting: Exposure in EX\S+ would be 250 with this entry's 250, over the limit of 100$/
    )
    expect(Date.parse(queue[0].expiresAt) - Date.parse(queue[0].receivedAt)).toBeGreaterThan(
      4.9 * 60_000
    )

    const other = await paperTrader("queue-other")
    expect(
      (await call("DELETE", `/api/risk/queue/${queue[0].id}`, { token: other.trader.token })).status
    ).toBe(404)
    expect(
      (await call("DELETE", `/api/risk/queue/${queue[0].id}`, { token: trader.token })).status
    ).toBe(204)
    expect(
      (await call("DELETE", `/api/risk/queue/${queue[0].id}`, { token: trader.token })).status
    ).toBe(404)
    await signalWhen(
      trader,
      "taken out",
      (s) => s.id === queue[0].id && s.reason === "Taken out of the queue by you"
    )

    // Its time passed: the risk tick expires the other.
    await ownerQuery(
      (sql) => sql`UPDATE app_data.execution_signals SET expires_at = now()
                   WHERE id = ${queue[1].id}`
    )
    await checkSoon(trader.userId)
    const expired = await until(
      "expired by the risk tick",
      async () => {
        const { body } = await call("GET", "/api/hooks/signals", { token: trader.token })
        return body.items.find((s: any) => s.id === queue[1].id && s.state === "expired")
      },
      45_000
    )
    expect(expired.reason).toBe("Expired in the queue: the limits did not free capacity in time")
    expect((await riskOf(trader)).queue).toEqual([])
  }, 90_000)

  it("mitigates a deep loss by closing it with a winner that covers it, and says why in the audit log", async () => {
    const t = await paperTrader("mitigate")
    const { trader } = t
    const loser = await addBot(t)
    // Twice the base, and a far take-profit: it is still open when the price is up 30 %.
    const winner = await addBot(t, {
      settings: { grid: { ...GRID, baseOrder: "200", takeProfitPercent: "50" } }
    })
    await sender(t.hook, loser.botId, loser.symbol)("buy", "l1")
    await sender(t.hook, winner.botId, winner.symbol)("buy", "w1")
    const groups = await until("two groups", async () => {
      const { body } = await call("GET", "/api/groups", { token: trader.token })
      return body.items.length === 2 ? body.items : undefined
    })
    const idOf = (symbol: string) => groups.find((g: any) => g.symbol === symbol).id
    const now = new Date(Date.now() + 500).toISOString()
    await pipeline.trade(loser.symbol, now, "100", "10")
    await pipeline.trade(winner.symbol, now, "100", "10")
    await groupWhen(trader, idOf(winner.symbol), "the winner live", (g) => g.state === "live")
    await groupWhen(trader, idOf(loser.symbol), "the loser live", (g) => g.state === "live")
    // Down to 85: the loser's safety orders fill at 99 and 97; it holds 2.53597834 that cost
    // 250.04999999, worth 215.5581589 at 85: 34.49 lost, 13.79 %. Up to 130, the winner's 2
    // bought at 100.05 make 59.9.
    await pipeline.trade(loser.symbol, new Date().toISOString(), "85", "10")
    await pipeline.trade(winner.symbol, new Date().toISOString(), "130", "10")
    await groupWhen(
      trader,
      idOf(loser.symbol),
      "the loser's safety orders filled",
      (g) => g.orders.filter((o: any) => o.role === "safety" && o.status === "filled").length === 2
    )
    await setLimits(trader, { mitigation: true, mitigationLossPercent: "10" })
    const reason =
      "Risk mitigation: a loss of 34.49 (13.79%, past 10%) offset by 1 winning group making 59.9"
    for (const symbol of [loser.symbol, winner.symbol])
      await groupWhen(
        trader,
        idOf(symbol),
        "closed by the mitigation",
        (g) => g.closeReason === reason
      )
    const [entry] = await ownerQuery(
      (sql) => sql<{ target: string; details: any }>`SELECT target, details FROM app_data.audit_log
        WHERE user_id = ${trader.userId} AND action = 'risk_mitigation'`
    )
    expect(entry).toEqual({
      target: `group:${idOf(loser.symbol)}`,
      details: {
        reason,
        loser: { group: idOf(loser.symbol), loss: "34.49", lossPercent: "13.79" },
        winners: [{ group: idOf(winner.symbol), profit: "59.9" }],
        thresholdPercent: "10"
      }
    })
  }, 150_000)
})
