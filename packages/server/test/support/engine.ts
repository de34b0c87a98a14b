import { expect } from "vitest"
import { GRID } from "./grid.js"
import type { usePipeline } from "./pipeline.js"
import { uniqueSymbol } from "./pipeline.js"
import { type Call, firstPortfolioOf, type Session, signUp } from "./session.js"
import { until } from "./until.js"

export { GRID }

interface Server {
  readonly call: Call
  readonly baseUrl: () => string
}
type Pipeline = ReturnType<typeof usePipeline>

export interface Trader {
  readonly trader: Session
  readonly connectionId: string
  readonly portfolioId: string
  readonly hook: { readonly path: string; readonly secret: string }
}

/** The engine's world for tests: traders with paper connections, bots, alerts, groups. */
export const engineTesting = ({ call, baseUrl }: Server, pipeline: Pipeline) => {
  /** A trader with a paper connection and a TradingView hook. */
  const paperTrader = async (tag: string): Promise<Trader> => {
    const trader = await signUp(call, tag)
    const connection = await call("POST", "/api/connections", {
      token: trader.token,
      body: { name: "Paper", exchange: "binance", mode: "paper" }
    })
    const portfolioId = await firstPortfolioOf(call, trader)
    const hook = await call("POST", "/api/hooks/tradingview/rotate", { token: trader.token })
    expect(hook.status).toBe(200)
    return { trader, connectionId: connection.body.id, portfolioId, hook: hook.body }
  }

  /** A bot of the trader's on a fresh instrument traded at `price` (100). */
  const addBot = async (t: Trader, extra: Record<string, unknown> = {}, price = "100") => {
    const symbol = uniqueSymbol("EX")
    await pipeline.instrument(symbol)
    await pipeline.trade(symbol, new Date(Date.now() - 1000).toISOString(), price)
    const { settings, ...rest } = extra as { settings?: object }
    const bot = await call("POST", "/api/bots", {
      token: t.trader.token,
      body: {
        name: `Grid ${symbol}`,
        connectionId: t.connectionId,
        portfolioId: t.portfolioId,
        symbol,
        settings: { grid: GRID, takeProfit: "aggregate", ...settings },
        ...rest
      }
    })
    expect(bot.status, JSON.stringify(bot.body)).toBe(201)
    return { symbol, botId: bot.body.id as string }
  }

  const alert = (
    path: string,
    body: Record<string, unknown>
  ): Promise<{ status: number; body: any }> =>
    fetch(`${baseUrl()}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body)
    }).then(async (r) => ({ status: r.status, body: await r.json() }))

  /** Sends the bot's alerts now: an action with its dedupe id. */
  const sender =
    (hook: { path: string; secret: string }, botId: string, symbol: string) =>
    (action: string, id: string) =>
      alert(hook.path, {
        secret: hook.secret,
        bot: botId,
        ticker: symbol,
        action,
        time: new Date().toISOString(),
        id
      })

  const groupOf = async (trader: Session, id: string) =>
    (await call("GET", `/api/groups/${id}`, { token: trader.token })).body

  /** Waits for the group (advanced by the 10 s tick) to meet `test`. */
  const groupWhen = async (
    trader: Session,
    id: string,
    what: string,
    test: (g: any) => boolean
  ): Promise<any> => {
    let last: any
    try {
      return await until(
        what,
        async () => {
          last = await groupOf(trader, id)
          return test(last) ? last : undefined
        },
        40_000
      )
    } catch (e) {
      throw new Error(`${(e as Error).message}; the group: ${JSON.stringify(last)}`)
    }
  }

  /** Waits for a received signal, latest first, that meets `test`. */
  const signalWhen = (trader: Session, what: string, test: (s: any) => boolean) =>
    until(what, async () => {
      const { body } = await call("GET", "/api/hooks/signals", { token: trader.token })
      return body.items.find(test)
    })

  return { paperTrader, addBot, alert, sender, groupOf, groupWhen, signalWhen }
}
