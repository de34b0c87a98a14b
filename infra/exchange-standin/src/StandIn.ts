import { createHmac, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

/**
 * A stand-in for one exchange's REST API, speaking the shape of Binance spot (the one the app's
 * real adapter, on ccxt, is tested against): server time, the markets, and the signed account,
 * order and trade endpoints, with Binance's HMAC-SHA256 request signatures, its receive window
 * and its error bodies. Orders fill at the price the stand-in is given (`setPrice`): a market
 * order at once, a limit order once the price reaches it; each pays 0.1 % of what it receives
 * (the base asset on a buy, the quote on a sell), as Binance charges. Development points testnet
 * and live connections at it; tests move its prices and script its faults.
 */

export interface StandInAccount {
  readonly apiKey: string
  readonly secret: string
  /** Free balances by asset, e.g. { USDT: "10000" }. */
  readonly balances: Readonly<Record<string, string>>
}

/** The account development's stand-in knows (docs/execution.md shows it to developers). */
export const DEVELOPMENT_ACCOUNT: StandInAccount = {
  apiKey: "standin-api-key-0001",
  secret: "standin-secret-0001",
  balances: { USDT: "100000", BTC: "1", ETH: "10" }
}

/**
 * What the next request gets instead of its answer: an HTTP status, no answer at all, or (`lost`)
 * no answer although the request was carried out, as when a connection drops after an order is
 * placed.
 */
export type Fault = (
  | { readonly status: number }
  | { readonly hang: true }
  | { readonly lost: true }
) & {
  /** Only for a request to this route, e.g. "POST /api/v3/order"; any request when absent. */
  readonly route?: string
}

export interface StandInOptions {
  readonly host?: string
  readonly port?: number
  readonly accounts?: ReadonlyArray<StandInAccount>
}

export interface ExchangeStandIn {
  readonly url: string
  /** The requests received so far, as "METHOD /path", oldest first (every attempt counts). */
  readonly requests: () => ReadonlyArray<string>
  /** Adds (or replaces) an account. */
  readonly addAccount: (account: StandInAccount) => void
  /** Queues faults for the next requests (to their routes, if they name one), one each. */
  readonly script: (faults: ReadonlyArray<Fault>) => void
  /** Moves a market's price (e.g. "BTCUSDT"), filling the limit orders it reaches. */
  readonly setPrice: (symbol: string, price: number) => void
  /** The orders placed with the account, oldest first. */
  readonly orders: (apiKey: string) => ReadonlyArray<StandInOrder>
  readonly close: () => Promise<void>
}

/** An order as the stand-in keeps it. */
export interface StandInOrder {
  readonly orderId: number
  readonly clientOrderId: string
  readonly symbol: string
  readonly side: "BUY" | "SELL"
  readonly type: "MARKET" | "LIMIT"
  readonly price: number
  readonly quantity: number
  executed: number
  quote: number
  status: "NEW" | "PARTIALLY_FILLED" | "FILLED" | "CANCELED"
  readonly time: number
  updateTime: number
}

interface StandInTrade {
  readonly id: number
  readonly orderId: number
  readonly symbol: string
  readonly price: number
  readonly qty: number
  readonly commission: number
  readonly commissionAsset: string
  readonly isBuyer: boolean
  readonly isMaker: boolean
  readonly time: number
}

/** What an order pays, in what it receives. */
const COMMISSION = 0.001

const DEFAULT_PRICES: Record<string, number> = { BTCUSDT: 60000, ETHUSDT: 3000, SOLUSDT: 150 }

const num = (n: number) => n.toFixed(8)

/** The markets it lists: Binance's spot symbols of the sample market's instruments. */
const MARKETS = [
  {
    symbol: "BTCUSDT",
    baseAsset: "BTC",
    quoteAsset: "USDT",
    tickSize: "0.01",
    stepSize: "0.00001"
  },
  { symbol: "ETHUSDT", baseAsset: "ETH", quoteAsset: "USDT", tickSize: "0.01", stepSize: "0.0001" },
  { symbol: "SOLUSDT", baseAsset: "SOL", quoteAsset: "USDT", tickSize: "0.01", stepSize: "0.001" }
]

const exchangeInfo = () => ({
  timezone: "UTC",
  serverTime: Date.now(),
  rateLimits: [],
  exchangeFilters: [],
  symbols: MARKETS.map((m) => ({
    symbol: m.symbol,
    status: "TRADING",
    baseAsset: m.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: m.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ["LIMIT", "LIMIT_MAKER", "MARKET"],
    icebergAllowed: true,
    ocoAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    permissions: ["SPOT"],
    filters: [
      {
        filterType: "PRICE_FILTER",
        minPrice: m.tickSize,
        maxPrice: "1000000.00",
        tickSize: m.tickSize
      },
      { filterType: "LOT_SIZE", minQty: m.stepSize, maxQty: "9000.00", stepSize: m.stepSize },
      { filterType: "NOTIONAL", minNotional: "5.00", maxNotional: "9000000.00" }
    ]
  }))
})

const INVALID_KEY = { code: -2015, msg: "Invalid API-key, IP, or permissions for action." }
const INVALID_SIGNATURE = { code: -1022, msg: "Signature for this request is not valid." }
const OUTSIDE_WINDOW = {
  code: -1021,
  msg: "Timestamp for this request is outside of the recvWindow."
}

type Refusal = { readonly ok: false; readonly status: number; readonly error: object }
const refuse = (status: number, error: object): Refusal => ({ ok: false, status, error })

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks).toString()))
    req.on("error", reject)
  })

/** The signed text and its signature: the query and the body, the signature taken out. */
const signedParts = (query: string, body: string) => {
  const all = [query, body].filter((p) => p !== "").join("&")
  const match = /(?:^|&)signature=([0-9a-f]+)$/.exec(all)
  return match ? { text: all.slice(0, match.index), signature: match[1] as string } : undefined
}

export const startExchangeStandIn = (options: StandInOptions = {}) =>
  new Promise<ExchangeStandIn>((resolve) => {
    const accounts = new Map((options.accounts ?? []).map((a) => [a.apiKey, a]))
    const requests: Array<string> = []
    const faults: Array<Fault> = []
    const prices = new Map(Object.entries(DEFAULT_PRICES))
    const books = new Map<string, Array<StandInOrder>>()
    const trades = new Map<string, Array<StandInTrade>>()
    let nextId = 1

    const bookOf = (apiKey: string) => {
      const book = books.get(apiKey) ?? []
      books.set(apiKey, book)
      return book
    }

    /** Fills what is left of an order at `price`. */
    const fill = (apiKey: string, order: StandInOrder, price: number, maker: boolean) => {
      const qty = order.quantity - order.executed
      const market = MARKETS.find((m) => m.symbol === order.symbol)
      const buy = order.side === "BUY"
      const list = trades.get(apiKey) ?? []
      trades.set(apiKey, list)
      list.push({
        id: nextId++,
        orderId: order.orderId,
        symbol: order.symbol,
        price,
        qty,
        commission: (buy ? qty : qty * price) * COMMISSION,
        commissionAsset: (buy ? market?.baseAsset : market?.quoteAsset) ?? "",
        isBuyer: buy,
        isMaker: maker,
        time: Date.now()
      })
      order.executed = order.quantity
      order.quote += qty * price
      order.status = "FILLED"
      order.updateTime = Date.now()
    }

    const reaches = (order: StandInOrder, price: number) =>
      order.side === "BUY" ? price <= order.price : price >= order.price

    const orderJson = (o: StandInOrder) => ({
      symbol: o.symbol,
      orderId: o.orderId,
      orderListId: -1,
      clientOrderId: o.clientOrderId,
      price: num(o.type === "LIMIT" ? o.price : 0),
      origQty: num(o.quantity),
      executedQty: num(o.executed),
      cummulativeQuoteQty: num(o.quote),
      status: o.status,
      timeInForce: "GTC",
      type: o.type,
      side: o.side,
      stopPrice: num(0),
      icebergQty: num(0),
      time: o.time,
      updateTime: o.updateTime,
      workingTime: o.time,
      isWorking: true,
      origQuoteOrderQty: num(0),
      selfTradePreventionMode: "NONE"
    })

    const tradeJson = (t: StandInTrade) => ({
      symbol: t.symbol,
      id: t.id,
      orderId: t.orderId,
      orderListId: -1,
      price: num(t.price),
      qty: num(t.qty),
      quoteQty: num(t.qty * t.price),
      commission: num(t.commission),
      commissionAsset: t.commissionAsset,
      time: t.time,
      isBuyer: t.isBuyer,
      isMaker: t.isMaker,
      isBestMatch: true
    })

    /** Places, reads and cancels the account's orders, as Binance's /api/v3/order does. */
    const orderRoute = (method: string, apiKey: string, params: URLSearchParams) => {
      const symbol = params.get("symbol") ?? ""
      if (!MARKETS.some((m) => m.symbol === symbol))
        return { status: 400, body: { code: -1121, msg: "Invalid symbol." } }
      const book = bookOf(apiKey)
      const byClient = (id: string | null) =>
        book.find((o) => o.symbol === symbol && o.clientOrderId === id)
      if (method === "POST") {
        const clientOrderId = params.get("newClientOrderId") ?? `standin-${nextId}`
        if (byClient(clientOrderId) !== undefined)
          return { status: 400, body: { code: -2010, msg: "Duplicate order sent." } }
        const type = params.get("type") === "LIMIT" ? "LIMIT" : "MARKET"
        const order: StandInOrder = {
          orderId: nextId++,
          clientOrderId,
          symbol,
          side: params.get("side") === "SELL" ? "SELL" : "BUY",
          type,
          price: Number(params.get("price") ?? 0),
          quantity: Number(params.get("quantity") ?? 0),
          executed: 0,
          quote: 0,
          status: "NEW",
          time: Date.now(),
          updateTime: Date.now()
        }
        if (!(order.quantity > 0))
          return { status: 400, body: { code: -1013, msg: "Invalid quantity." } }
        book.push(order)
        const price = prices.get(symbol) ?? 0
        if (type === "MARKET") fill(apiKey, order, price, false)
        else if (reaches(order, price)) fill(apiKey, order, order.price, false)
        const fills = (trades.get(apiKey) ?? [])
          .filter((t) => t.orderId === order.orderId)
          .map((t) => ({
            price: num(t.price),
            qty: num(t.qty),
            commission: num(t.commission),
            commissionAsset: t.commissionAsset,
            tradeId: t.id
          }))
        return {
          status: 200,
          body: { ...orderJson(order), transactTime: order.time, fills }
        }
      }
      const order = byClient(params.get("origClientOrderId"))
      if (method === "GET")
        return order === undefined
          ? { status: 400, body: { code: -2013, msg: "Order does not exist." } }
          : { status: 200, body: orderJson(order) }
      if (order === undefined || order.status === "FILLED" || order.status === "CANCELED")
        return { status: 400, body: { code: -2011, msg: "Unknown order sent." } }
      order.status = "CANCELED"
      order.updateTime = Date.now()
      return {
        status: 200,
        body: {
          ...orderJson(order),
          origClientOrderId: order.clientOrderId,
          transactTime: Date.now()
        }
      }
    }

    /** The account a signed request acts for, or the error Binance would answer. */
    const authenticate = (req: IncomingMessage, query: string, body: string) => {
      const account = accounts.get(String(req.headers["x-mbx-apikey"] ?? ""))
      if (account === undefined) return refuse(401, INVALID_KEY)
      const parts = signedParts(query, body)
      const given = Buffer.from(parts?.signature ?? "", "hex")
      const expected = createHmac("sha256", account.secret)
        .update(parts?.text ?? "")
        .digest()
      if (
        parts === undefined ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      )
        return refuse(400, INVALID_SIGNATURE)
      const params = new URLSearchParams(parts.text)
      const timestamp = Number(params.get("timestamp"))
      const window = Number(params.get("recvWindow") ?? 5000)
      const now = Date.now()
      if (!(timestamp < now + 1000 && now - timestamp <= window)) return refuse(400, OUTSIDE_WINDOW)
      return { ok: true, account, params } as const
    }

    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://stand-in")
      const route = `${req.method} ${url.pathname}`
      requests.push(route)
      const body = await readBody(req)
      const at = faults.findIndex((f) => f.route === undefined || f.route === route)
      const fault = at === -1 ? undefined : faults.splice(at, 1)[0]
      if (fault !== undefined && !("lost" in fault)) {
        if ("hang" in fault) return
        return send(res, fault.status, { code: -1000, msg: "An unknown error occurred." })
      }
      // A lost answer: the request is carried out, and nothing is sent back.
      const reply = (status: number, answer: unknown) =>
        fault === undefined ? send(res, status, answer) : undefined
      if (route === "GET /api/v3/ping") return reply(200, {})
      if (route === "GET /api/v3/time") return reply(200, { serverTime: Date.now() })
      if (route === "GET /api/v3/exchangeInfo") return reply(200, exchangeInfo())
      if (route === "GET /api/v3/account") {
        const auth = authenticate(req, url.search.slice(1), body)
        if (!auth.ok) return reply(auth.status, auth.error)
        return reply(200, {
          makerCommission: 10,
          takerCommission: 10,
          buyerCommission: 0,
          sellerCommission: 0,
          canTrade: true,
          canWithdraw: false,
          canDeposit: false,
          updateTime: Date.now(),
          accountType: "SPOT",
          balances: Object.entries(auth.account.balances).map(([asset, free]) => ({
            asset,
            free,
            locked: "0"
          })),
          permissions: ["SPOT"]
        })
      }
      if (route.endsWith(" /api/v3/order") || route === "GET /api/v3/myTrades") {
        const auth = authenticate(req, url.search.slice(1), body)
        if (!auth.ok) return reply(auth.status, auth.error)
        if (route === "GET /api/v3/myTrades") {
          const orderId = Number(auth.params.get("orderId"))
          const symbol = auth.params.get("symbol")
          return reply(
            200,
            (trades.get(auth.account.apiKey) ?? [])
              .filter((t) => t.symbol === symbol && (!orderId || t.orderId === orderId))
              .map(tradeJson)
          )
        }
        const answer = orderRoute(req.method ?? "", auth.account.apiKey, auth.params)
        return reply(answer.status, answer.body)
      }
      reply(404, { code: -1100, msg: `Unknown endpoint ${route}` })
    })
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { address, port } = server.address() as AddressInfo
      resolve({
        url: `http://${address}:${port}`,
        requests: () => [...requests],
        addAccount: (account) => void accounts.set(account.apiKey, account),
        script: (next) => void faults.push(...next),
        setPrice: (symbol, price) => {
          prices.set(symbol, price)
          for (const [apiKey, book] of books)
            for (const o of book)
              if (
                o.symbol === symbol &&
                o.type === "LIMIT" &&
                (o.status === "NEW" || o.status === "PARTIALLY_FILLED") &&
                reaches(o, price)
              )
                fill(apiKey, o, o.price, true)
        },
        orders: (apiKey) => [...(books.get(apiKey) ?? [])],
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
