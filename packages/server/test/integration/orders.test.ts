import { describe, expect, it } from "vitest"
import { engineTesting } from "../support/engine.js"
import { uniqueSymbol, usePipeline } from "../support/pipeline.js"
import { useTestServer } from "../support/server.js"
import type { Session } from "../support/session.js"
import { until } from "../support/until.js"

const server = useTestServer()
const { call, ownerQuery } = server
const pipeline = usePipeline()
const { paperTrader } = engineTesting(server, pipeline)

const orderWhen = (trader: Session, id: string, what: string, test: (o: any) => boolean) =>
  until(
    what,
    async () => {
      const { body } = await call("GET", "/api/orders", { token: trader.token })
      const order = body.items.find((o: any) => o.id === id)
      return order !== undefined && test(order) ? order : undefined
    },
    40_000
  )

describe("manual orders on the paper exchange", () => {
  it("places market and limit orders by hand, fills them against the feed, records the fills, and cancels", async () => {
    const t = await paperTrader("manual")
    const { trader } = t
    const symbol = uniqueSymbol("MO")
    await pipeline.instrument(symbol)
    await pipeline.trade(symbol, new Date(Date.now() - 1000).toISOString(), "100")
    const order = (body: object) =>
      call("POST", "/api/orders", {
        token: trader.token,
        body: { connectionId: t.connectionId, portfolioId: t.portfolioId, symbol, ...body }
      })

    // Refused, saying where: a limit without its price, a market order with one, an unknown
    // instrument, someone else's connection.
    const noPrice = await order({ side: "buy", type: "limit", quantity: "1" })
    expect(noPrice.status).toBe(400)
    expect(noPrice.body.issues[0]).toMatchObject({
      path: ["price"],
      message: "A limit order needs its limit price"
    })
    const marketPrice = await order({ side: "buy", type: "market", quantity: "1", price: "5" })
    expect(marketPrice.body.issues[0].message).toBe(
      "A market order fills at the market: leave the price out"
    )
    const unknown = await call("POST", "/api/orders", {
      token: trader.token,
      body: {
        connectionId: t.connectionId,
        portfolioId: t.portfolioId,
        symbol: "NOSUCHTHING",
        side: "buy",
        type: "market",
        quantity: "1"
      }
    })
    expect(unknown.status).toBe(422)
    const other = await paperTrader("manual-other")
    const foreign = await call("POST", "/api/orders", {
      token: other.trader.token,
      body: {
        connectionId: t.connectionId,
        portfolioId: other.portfolioId,
        symbol,
        side: "buy",
        type: "market",
        quantity: "1"
      }
    })
    expect(foreign.status).toBe(404)

    // A market buy of 2 waits for the next trade: 100 × 1.0005 = 100.05 each, 0.2001 in fees.
    const buy = await order({ side: "buy", type: "market", quantity: "2" })
    expect(buy.status, JSON.stringify(buy.body)).toBe(201)
    expect(buy.body).toMatchObject({ status: "open", filledQuantity: "0", price: null })
    await pipeline.trade(symbol, new Date(Date.now() + 500).toISOString(), "100", "10")
    const bought = await orderWhen(
      trader,
      buy.body.id,
      "the buy filled",
      (o) => o.status === "filled"
    )
    expect(bought).toMatchObject({ filledQuantity: "2", averageFillPrice: "100.05", fee: "0.2001" })
    // Each change of it went on the owner's event stream, for the open pages.
    const changes = await ownerQuery(
      (sql) => sql<{ payload: { kind: string; state: string } }>`SELECT payload
        FROM app_data.events WHERE user_id = ${trader.userId} AND type = 'execution.changed'
          AND payload->>'id' = ${buy.body.id} ORDER BY tx, seq`
    )
    expect(changes.map((c) => [c.payload.kind, c.payload.state])).toEqual([
      ["order", "new"],
      ["order", "open"],
      ["order", "filled"]
    ])

    // A limit sell at 110 is cancelled before it fills; one at 105 fills when a trade reaches it.
    const far = await order({ side: "sell", type: "limit", quantity: "2", price: "110" })
    expect(far.body.status).toBe("open")
    const cancelled = await call("POST", `/api/orders/${far.body.id}/cancel`, {
      token: trader.token
    })
    expect(cancelled.body).toMatchObject({ status: "cancelled", filledQuantity: "0" })
    expect(
      (await call("POST", `/api/orders/${far.body.id}/cancel`, { token: other.trader.token }))
        .status
    ).toBe(404)
    const near = await order({ side: "sell", type: "limit", quantity: "1", price: "105" })
    await pipeline.trade(symbol, new Date(Date.now() + 500).toISOString(), "106", "10")
    const sold = await orderWhen(
      trader,
      near.body.id,
      "the sell filled",
      (o) => o.status === "filled"
    )
    // At its limit, with the 0.1% maker fee.
    expect(sold).toMatchObject({ filledQuantity: "1", averageFillPrice: "105", fee: "0.105" })

    // The portfolio holds the fills: bought 2, sold 1.
    const activities = (
      await call("GET", `/api/transactions?portfolioId=${t.portfolioId}&sort=date&order=asc`, {
        token: trader.token
      })
    ).body.items
      .filter((a: any) => a.symbol === symbol)
      .map((a: any) => [a.type, a.quantity, a.price, a.fee])
    expect(activities).toEqual([
      ["buy", "2", "100.05", "0.2001"],
      ["sell", "1", "105", "0.105"]
    ])
    const audit = await ownerQuery(
      (sql) => sql<{ action: string }>`SELECT action FROM app_data.audit_log
        WHERE user_id = ${trader.userId} AND action LIKE 'manual_order_%' ORDER BY created_at`
    )
    expect(audit.map((a) => a.action)).toEqual([
      "manual_order_placed",
      "manual_order_placed",
      "manual_order_cancelled",
      "manual_order_placed"
    ])
  }, 120_000)
})
