import { SqlClient } from "@effect/sql"
import type { UserId } from "@trading-app/domain"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { SignalsRepo } from "../../src/Signals/SignalsRepo.js"
import { engineTesting, GRID } from "../support/engine.js"
import { usePipeline } from "../support/pipeline.js"
import { useTestServer } from "../support/server.js"
import { signUp, signUpAs } from "../support/session.js"
import { smaCrossDocument } from "../support/strategyDocument.js"
import { until } from "../support/until.js"

const server = useTestServer()
const { call, ownerQuery } = server
const pipeline = usePipeline()

const { paperTrader, addBot, alert, sender, groupOf, groupWhen } = engineTesting(server, pipeline)

/** A trader with a paper connection, a bot on a fresh instrument traded at 100, and a hook. */
const setUp = async (tag: string, settings: object = {}) => {
  const t = await paperTrader(tag)
  const { symbol, botId } = await addBot(t, { settings })
  return { trader: t.trader, symbol, portfolioId: t.portfolioId, botId, hook: t.hook }
}

/** The user's audit actions of a category, oldest first. */
const auditOf = async (userId: string, category: string) =>
  (
    await ownerQuery(
      (sql) => sql<{ action: string }>`SELECT action FROM app_data.audit_log
        WHERE user_id = ${userId} AND category = ${category} ORDER BY created_at`
    )
  ).map((a) => a.action)

describe("the execution engine on the paper exchange", () => {
  it("follows a TradingView alert through the grid's fills to its take-profit, with the fills in the portfolio", async () => {
    const { trader, symbol, portfolioId, botId, hook } = await setUp("engine")
    const accepted = await alert(hook.path, {
      secret: hook.secret,
      bot: botId,
      ticker: symbol,
      action: "buy",
      contracts: "1",
      price: "100",
      marketPosition: "long",
      prevMarketPosition: "flat",
      time: new Date().toISOString()
    })
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202)
    expect(accepted.body.duplicate).toBe(false)
    // The signal, acted on: a group with the base at market and two safety limits, placed.
    const signal = await until("the signal acted on", async () => {
      const { body } = await call("GET", "/api/hooks/signals", { token: trader.token })
      return body.items[0]?.state === "done" ? body.items[0] : undefined
    })
    expect(signal).toMatchObject({ kind: "entry", source: "tradingview", reason: "Opened a group" })
    let group = await groupWhen(trader, signal.groupId, "the orders placed", (g) =>
      g.orders.every((o: { status: string }) => o.status === "open")
    )
    expect(group.state).toBe("waiting")
    expect(group.orders.map((o: any) => [o.role, o.type, o.price, o.quantity])).toEqual([
      ["base", "market", "100", "1"],
      ["safety", "limit", "99", "0.505050505"],
      ["safety", "limit", "97", "1.030927835"]
    ])

    // A trade at 100: the base fills at 100.05 (0.05% slippage), 0.1% taker fee.
    await pipeline.trade(symbol, new Date().toISOString(), "100", "10")
    group = await groupWhen(trader, group.id, "the base filled and its take-profit placed", (g) =>
      g.orders.some((o: any) => o.role === "take_profit" && o.status === "open")
    )
    expect(group).toMatchObject({
      state: "live",
      quantity: "1",
      averagePrice: "100.05",
      takeProfit: "aggregate",
      // Nothing sold yet: nothing realised (the purchase's fee is part of its cost).
      realizedPnl: "0"
    })
    const base = group.orders.find((o: any) => o.role === "base")
    expect(base).toMatchObject({ status: "filled", averageFillPrice: "100.05", fee: "0.10005" })
    // 100.05 × 1.01
    expect(group.orders.find((o: any) => o.role === "take_profit")).toMatchObject({
      side: "sell",
      type: "limit",
      price: "101.0505",
      quantity: "1"
    })

    // Down to 98.9: the first safety order fills at its limit of 99; the take-profit moves to
    // 1% above the new average, (100.05 + 49.999999995) / 1.505050505 = 99.6976510067…
    await pipeline.trade(symbol, new Date().toISOString(), "98.9", "10")
    group = await groupWhen(
      trader,
      group.id,
      "the safety order filled and the take-profit moved",
      (g) =>
        g.orders.some(
          (o: any) =>
            o.role === "take_profit" && o.status === "open" && o.quantity === "1.505050505"
        )
    )
    expect(group.averagePrice).toBe("99.6976510067")
    expect(
      group.orders.filter((o: any) => o.role === "take_profit").map((o: any) => [o.status, o.price])
    ).toEqual([
      ["cancelled", "101.0505"],
      ["open", "100.6946275168"]
    ])
    const holdings = (
      await call("GET", `/api/portfolios/${portfolioId}/holdings`, { token: trader.token })
    ).body
    expect(holdings.items.find((h: any) => h.symbol === symbol)).toMatchObject({
      quantity: "1.505050505"
    })

    // Up to 101: the take-profit sells everything at its limit; the group is closed.
    await pipeline.trade(symbol, new Date().toISOString(), "101", "10")
    group = await groupWhen(trader, group.id, "the take-profit filled", (g) => g.state === "closed")
    expect(group).toMatchObject({ quantity: "0", closeReason: "Take-profit filled" })
    expect(group.orders.find((o: any) => o.role === "safety" && o.leg === 2).status).toBe(
      "cancelled"
    )
    // Sold 1.505050505 × 100.6946275168 = 151.5504999949, less the cost 150.049999995 and the
    // fees 0.10005 + 0.05 + 0.1515505.
    expect(group.realizedPnl).toBe("1.1988994999")

    // The portfolio holds its activities: two buys and a sale, with fees; nothing left held.
    const activities = (
      await call("GET", `/api/transactions?portfolioId=${portfolioId}&sort=date&order=asc`, {
        token: trader.token
      })
    ).body.items.filter((a: any) => a.symbol === symbol)
    expect(activities.map((a: any) => [a.type, a.quantity, a.price, a.fee])).toEqual([
      ["buy", "1", "100.05", "0.10005"],
      ["buy", "0.505050505", "99", "0.05"],
      ["sell", "1.505050505", "100.6946275168", "0.1515505"]
    ])
    const after = (
      await call("GET", `/api/portfolios/${portfolioId}/holdings`, { token: trader.token })
    ).body
    expect(after.items.find((h: any) => h.symbol === symbol)).toMatchObject({ quantity: "0" })

    expect(await auditOf(trader.userId, "trading")).toEqual(["bot_created", "group_opened"])
  }, 120_000)

  it("makes a bot only on the user's own connection and portfolio, saying which is not", async () => {
    const mine = await paperTrader("own-bot")
    const theirs = await paperTrader("other-bot")
    const botOn = (connectionId: string, portfolioId: string) =>
      call("POST", "/api/bots", {
        token: mine.trader.token,
        body: {
          name: "Not mine",
          connectionId,
          portfolioId,
          symbol: "BTC-USD",
          settings: { grid: GRID, takeProfit: "aggregate" }
        }
      })
    const foreignConnection = await botOn(theirs.connectionId, mine.portfolioId)
    expect(foreignConnection.status).toBe(404)
    expect(foreignConnection.body.message).toBe("Connection not found")
    const foreignPortfolio = await botOn(mine.connectionId, theirs.portfolioId)
    expect(foreignPortfolio.status).toBe(404)
    expect(foreignPortfolio.body.message).toBe("Portfolio not found")
  })

  it("stores a repeated alert once, and refuses a wrong secret, an old alert, an unknown hook and a viewer", async () => {
    const { trader, symbol, botId, hook } = await setUp("refusals")
    const body = {
      secret: hook.secret,
      bot: botId,
      ticker: symbol,
      action: "sell",
      time: new Date().toISOString(),
      id: "exit-1"
    }
    const first = await alert(hook.path, body)
    const again = await alert(hook.path, body)
    expect(first.status).toBe(202)
    expect(again.body).toEqual({ id: first.body.id, duplicate: true })
    const signals = await until("the exit refused", async () => {
      const { body: page } = await call("GET", "/api/hooks/signals", { token: trader.token })
      return page.items[0]?.state === "invalid" ? page.items : undefined
    })
    expect(signals).toHaveLength(1)
    expect(signals[0].reason).toBe("No open group to exit")

    expect((await alert(hook.path, { ...body, id: "x2", secret: "wrong" })).status).toBe(401)
    const old = await alert(hook.path, {
      ...body,
      id: "x3",
      time: new Date(Date.now() - 600_000).toISOString()
    })
    expect(old.status).toBe(422)
    expect(old.body.message).toMatch(/^The alert's time is 600 s old, more than the 120 s allowed$/)
    expect((await alert("/api/hooks/tv/nosuchhook0123456789", body)).status).toBe(404)
    const bad = await alert(hook.path, { ...body, action: "hold" })
    expect(bad.status).toBe(400)

    // A ticker of another market is stored, and refused with its reason.
    await alert(hook.path, { ...body, id: "x4", action: "buy", ticker: "BINANCE:ETHUSDT" })
    const refused = await until("the other ticker refused", async () => {
      const { body: page } = await call("GET", "/api/hooks/signals", { token: trader.token })
      return page.items.find((s: any) => s.symbol === "BINANCE:ETHUSDT" && s.state === "invalid")
    })
    expect(refused.reason).toBe(
      `The alert's ticker BINANCE:ETHUSDT is not the bot's market (${symbol})`
    )

    // Rotated: the old path stops working; a viewer's hook is refused.
    const rotated = await call("POST", "/api/hooks/tradingview/rotate", { token: trader.token })
    expect((await alert(hook.path, { ...body, id: "x5" })).status).toBe(404)
    await ownerQuery(
      (sql) => sql`UPDATE app_data.users SET role = 'viewer' WHERE id = ${trader.userId}`
    )
    expect(
      (await alert(rotated.body.path, { ...body, id: "x6", secret: rotated.body.secret })).status
    ).toBe(401)
    const viewer = await signUpAs(call, ownerQuery, "viewer")
    expect(
      (await call("POST", "/api/hooks/tradingview/rotate", { token: viewer.token })).status
    ).toBe(403)

    // The account goes with its bots, connections, hook and signals.
    const deleted = await call("POST", "/api/users/me/delete", {
      token: trader.token,
      body: { password: trader.password }
    })
    expect(deleted.status).toBe(204)
    const [left] = await ownerQuery(
      (sql) => sql<{ n: number }>`SELECT
        (SELECT count(*)::int FROM app_data.bots WHERE user_id = ${trader.userId}) +
        (SELECT count(*)::int FROM app_data.exchange_connections WHERE user_id = ${trader.userId}) +
        (SELECT count(*)::int FROM app_data.execution_signals WHERE user_id = ${trader.userId}) +
        (SELECT count(*)::int FROM app_data.tradingview_hooks WHERE user_id = ${trader.userId}) AS n`
    )
    expect(left?.n).toBe(0)
  }, 60_000)

  it("closes a group on an exit signal: pending orders cancelled, the position sold at market", async () => {
    const { trader, symbol, portfolioId, botId, hook } = await setUp("exit")
    const send = sender(hook, botId, symbol)
    await send("buy", "in")
    await pipeline.trade(symbol, new Date(Date.now() + 500).toISOString(), "100")
    const groupId = await until("the group", async () => {
      const { body } = await call("GET", "/api/groups", { token: trader.token })
      return body.items[0]?.id
    })
    await groupWhen(trader, groupId, "the base filled", (g) => g.state === "live")
    // The connection's mode cannot change under an open group.
    const { connectionId } = (await call("GET", "/api/bots", { token: trader.token })).body.items[0]
    const switched = await call("PATCH", `/api/connections/${connectionId}`, {
      token: trader.token,
      body: { mode: "testnet", apiKey: "testnet-key-1234", apiSecret: "testnet-secret-5678" }
    })
    expect(switched.status).toBe(409)
    expect(switched.body.message).toBe(
      "1 open group trades on this connection: close it before switching its mode"
    )
    await send("sell", "out")
    // Once the orders are cancelled, the exit is placed at market; the next trade fills it.
    await groupWhen(trader, groupId, "the exit placed", (g) =>
      g.orders.some((o: any) => o.role === "exit" && o.status === "open")
    )
    await pipeline.trade(symbol, new Date().toISOString(), "100")
    const closed = await groupWhen(
      trader,
      groupId,
      "closed by the exit",
      (g) => g.state === "closed"
    )
    expect(closed.closeReason).toBe("Exit signal (exit)")
    expect(closed.orders.map((o: any) => [o.role, o.status])).toEqual([
      ["base", "filled"],
      ["safety", "cancelled"],
      ["safety", "cancelled"],
      ["take_profit", "cancelled"],
      ["exit", "filled"]
    ])
    const holdings = (
      await call("GET", `/api/portfolios/${portfolioId}/holdings`, { token: trader.token })
    ).body
    expect(holdings.items.find((h: any) => h.symbol === symbol)).toMatchObject({ quantity: "0" })
    // The connection and the portfolio a bot uses stay while it does; the bot, closed, goes.
    const kept = await call("DELETE", `/api/connections/${connectionId}`, { token: trader.token })
    expect(kept.status).toBe(409)
    expect(kept.body.message).toBe("1 bot trades on this connection: delete it first")
    const portfolio = await call("DELETE", `/api/portfolios/${portfolioId}?force=true`, {
      token: trader.token
    })
    expect(portfolio.status).toBe(409)
    expect(portfolio.body.message).toBe(
      "1 bot records its fills in this portfolio: delete it first"
    )
    expect((await call("DELETE", `/api/bots/${botId}`, { token: trader.token })).status).toBe(204)
    expect((await call("GET", `/api/groups/${groupId}`, { token: trader.token })).status).toBe(404)
    expect(
      (await call("DELETE", `/api/connections/${connectionId}`, { token: trader.token })).status
    ).toBe(204)
  }, 120_000)

  it("halts entries under a kill switch, cancelling working entry orders while exits go on; the global one is the administrators'", async () => {
    const { trader, symbol, botId, hook } = await setUp("halt", { maxEntries: 2 })
    const send = sender(hook, botId, symbol)
    const outcome = (id: string) =>
      until(`the signal ${id} acted on`, async () => {
        const { body } = await call("GET", "/api/hooks/signals", { token: trader.token })
        const signal = body.items.find((s: any) => s.id === id)
        return signal?.state === "received" ? undefined : signal
      })
    const opened = await send("buy", "in")
    const groupId = (await outcome(opened.body.id)).groupId
    await groupWhen(trader, groupId, "the orders placed", (g) =>
      g.orders.every((o: any) => o.status === "open")
    )
    await pipeline.trade(symbol, new Date().toISOString(), "100", "10")
    await groupWhen(trader, groupId, "the base filled", (g) => g.state === "live")

    const engaged = await call("PUT", "/api/risk/kill-switch", {
      token: trader.token,
      body: { engaged: true, reason: "Volatility" }
    })
    expect(engaged.status).toBe(200)
    expect(engaged.body.user).toMatchObject({ engaged: true, reason: "Volatility" })
    expect(engaged.body.global.engaged).toBe(false)
    // The safety orders are cancelled at once; the take-profit stays.
    const halted = await groupWhen(trader, groupId, "the safety orders cancelled", (g) =>
      g.orders.filter((o: any) => o.role === "safety").every((o: any) => o.status === "cancelled")
    )
    expect(halted.orders.find((o: any) => o.role === "take_profit").status).toBe("open")
    const refused = await outcome((await send("buy", "again")).body.id)
    expect(refused).toMatchObject({
      state: "invalid",
      reason: "Trading is halted by your kill switch: Volatility"
    })
    // An exit still closes the group.
    expect((await outcome((await send("sell", "out")).body.id)).state).toBe("done")
    await groupWhen(trader, groupId, "the exit placed", (g) =>
      g.orders.some((o: any) => o.role === "exit" && o.status === "open")
    )
    await pipeline.trade(symbol, new Date().toISOString(), "100", "10")
    await groupWhen(trader, groupId, "closed by the exit", (g) => g.state === "closed")

    // The global switch: administrators only, and it stops everyone's entries.
    const released = await call("PUT", "/api/risk/kill-switch", {
      token: trader.token,
      body: { engaged: false }
    })
    expect(released.body.user.engaged).toBe(false)
    const global = { engaged: true, reason: "Exchange outage" }
    expect(
      (await call("PUT", "/api/risk/kill-switch/global", { token: trader.token, body: global }))
        .status
    ).toBe(403)
    const admin = await signUpAs(call, ownerQuery, "admin")
    try {
      const set = await call("PUT", "/api/risk/kill-switch/global", {
        token: admin.token,
        body: global
      })
      expect(set.body.global).toMatchObject(global)
      const stopped = await outcome((await send("buy", "during-outage")).body.id)
      expect(stopped.reason).toBe("Trading is halted by the global kill switch: Exchange outage")
    } finally {
      await call("PUT", "/api/risk/kill-switch/global", {
        token: admin.token,
        body: { engaged: false }
      })
    }
    expect((await outcome((await send("buy", "after")).body.id)).kind).toBe("entry")
    expect(await auditOf(trader.userId, "risk")).toEqual([
      "kill_switch_engaged",
      "kill_switch_released"
    ])
  }, 120_000)

  it("trades a watched strategy's signals through the same path as TradingView's", async () => {
    const { trader, symbol, botId } = await setUp("watched")
    const strategy = await call("POST", "/api/strategies", {
      token: trader.token,
      body: {
        name: "Crossover",
        document: smaCrossDocument(symbol)
      }
    })
    expect(strategy.status, JSON.stringify(strategy.body)).toBe(201)
    const watch = await call("POST", "/api/signals/watches", {
      token: trader.token,
      body: { strategyId: strategy.body.id }
    })
    expect(watch.status).toBe(201)
    const linked = await call("PATCH", `/api/bots/${botId}`, {
      token: trader.token,
      body: { watchId: watch.body.id }
    })
    expect(linked.body.watchId).toBe(watch.body.id)
    const other = await signUp(call, "not-the-watcher")
    expect(
      (
        await call("PATCH", `/api/bots/${botId}`, {
          token: trader.token,
          body: { watchId: other.userId }
        })
      ).status
    ).toBe(404)

    // The watch's replay records an entry signal: the bot gets it, and opens a group.
    await ownerQuery((sql) =>
      Effect.flatMap(SignalsRepo, (signals) =>
        signals.record(watch.body.id, trader.userId as UserId, false, [
          { symbol, side: "entry", reason: "rule", time: Date.now() - 60_000, price: 100 }
        ])
      ).pipe(Effect.provide(SignalsRepo.Default), Effect.provideService(SqlClient.SqlClient, sql))
    )
    const acted = await until("the strategy's signal acted on", async () => {
      const { body } = await call("GET", "/api/hooks/signals", { token: trader.token })
      const signal = body.items.find((s: any) => s.source === "strategy")
      return signal?.state === "done" ? signal : undefined
    })
    expect(acted).toMatchObject({ kind: "entry", action: "buy", symbol, botId })
    const group = await groupOf(trader, acted.groupId)
    expect(group.orders.map((o: any) => o.role)).toEqual(["base", "safety", "safety"])
  }, 60_000)
})
