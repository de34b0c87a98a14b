import { createHmac, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

/**
 * A stand-in for one exchange's REST API, speaking the shape of Binance spot (the one the app's
 * real adapter, on ccxt, is tested against): server time, the markets, and the signed account
 * endpoint, with Binance's HMAC-SHA256 request signatures, its receive window and its error
 * bodies. Development points testnet and live connections at it; tests script its faults.
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

/** What the next request gets instead of its answer: an HTTP status, or no answer at all. */
export type Fault = { readonly status: number } | { readonly hang: true }

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
  /** Queues faults for the next requests, one each. */
  readonly script: (faults: ReadonlyArray<Fault>) => void
  readonly close: () => Promise<void>
}

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
      return { ok: true, account } as const
    }

    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://stand-in")
      requests.push(`${req.method} ${url.pathname}`)
      const body = await readBody(req)
      const fault = faults.shift()
      if (fault !== undefined) {
        if ("hang" in fault) return
        return send(res, fault.status, { code: -1000, msg: "An unknown error occurred." })
      }
      const route = `${req.method} ${url.pathname}`
      if (route === "GET /api/v3/ping") return send(res, 200, {})
      if (route === "GET /api/v3/time") return send(res, 200, { serverTime: Date.now() })
      if (route === "GET /api/v3/exchangeInfo") return send(res, 200, exchangeInfo())
      if (route === "GET /api/v3/account") {
        const auth = authenticate(req, url.search.slice(1), body)
        if (!auth.ok) return send(res, auth.status, auth.error)
        return send(res, 200, {
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
      send(res, 404, { code: -1100, msg: `Unknown endpoint ${route}` })
    })
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const { address, port } = server.address() as AddressInfo
      resolve({
        url: `http://${address}:${port}`,
        requests: () => [...requests],
        addAccount: (account) => void accounts.set(account.apiKey, account),
        script: (next) => void faults.push(...next),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
