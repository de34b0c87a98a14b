import type { Exchange } from "@trading-app/domain"
import type { Exchange as CcxtExchange } from "ccxt"
import { Duration, Effect, Option, Schedule } from "effect"
import type { ExchangeSettings } from "../AppConfig.js"
import type { CheckOutcome, Credentials } from "./ExchangePort.js"

export type CcxtModule = typeof import("ccxt")["default"]

let loading: Promise<CcxtModule> | undefined
/** ccxt is loaded with the first real connection used: a process with paper ones only never pays for it. */
export const loadCcxt = (): Promise<CcxtModule> => {
  loading ??= import("ccxt").then((m) => m.default)
  return loading
}

/** A whole check, retries included, ends within this (inside a request's deadline). */
const CHECK_DEADLINE = Duration.seconds(8)

/** An exchange's message without query strings (they carry request signatures). */
const clean = (message: string) => message.replace(/\?\S*/g, "").slice(0, 300)

/**
 * A ccxt client for one account: Binance's spot markets only (no margin, no currency list),
 * testnet through ccxt's sandbox URLs, and the configured base URL instead of the exchange's
 * when there is one (the stand-in).
 */
export const ccxtClient = (
  exchange: Exchange,
  mode: "testnet" | "live",
  credentials: Credentials,
  settings: ExchangeSettings
) =>
  Effect.promise(loadCcxt).pipe(
    Effect.map((ccxt) => {
      const client: CcxtExchange = new ccxt[exchange]({
        apiKey: credentials.apiKey,
        secret: credentials.apiSecret,
        timeout: Duration.toMillis(settings.timeout),
        enableRateLimit: true,
        options: {
          defaultType: "spot",
          fetchMarkets: { types: ["spot"] },
          fetchMargins: false,
          fetchCurrencies: false
        }
      })
      if (mode === "testnet") client.setSandboxMode(true)
      Option.map(settings.binanceUrl, (base) => {
        const api = client.urls.api as Record<string, string>
        client.urls.api = { ...api, public: `${base}/api/v3`, private: `${base}/api/v3` }
      })
      return client
    })
  )

/** Whether ccxt's error is worth another try: the network, a timeout, rate limits, a 5xx. */
export const transient = (ccxt: CcxtModule, error: unknown) =>
  error instanceof ccxt.OperationFailed && !(error instanceof ccxt.InvalidNonce)

/** The owner's words for what went wrong. */
export const describe = (ccxt: CcxtModule, error: unknown): string => {
  const message = clean(error instanceof Error ? error.message : String(error))
  if (error instanceof ccxt.AuthenticationError || error instanceof ccxt.PermissionDenied)
    return `The exchange refused the keys: ${message}`
  if (error instanceof ccxt.RequestTimeout) return "The exchange did not answer in time"
  if (error instanceof ccxt.InvalidNonce)
    return `The exchange refused the request's time: this server's clock may be off (${message})`
  if (error instanceof ccxt.NetworkError) return `Could not reach the exchange: ${message}`
  return `The exchange answered with an error: ${message}`
}

/**
 * Asks the exchange for the account's balances with the keys: they work if it answers. Each try
 * starts from a new client (ccxt keeps a failed loading of the markets).
 */
export const checkAccount = (client: Effect.Effect<CcxtExchange>) =>
  Effect.gen(function* () {
    const ccxt = yield* Effect.promise(loadCcxt)
    const once = Effect.flatMap(client, (c) =>
      Effect.tryPromise({ try: () => c.fetchBalance(), catch: (e) => e })
    )
    return yield* once.pipe(
      Effect.retry({
        schedule: Schedule.exponential("500 millis"),
        times: 2,
        while: (e) => transient(ccxt, e)
      }),
      Effect.timeoutFail({
        duration: CHECK_DEADLINE,
        onTimeout: () => new ccxt.RequestTimeout("deadline")
      }),
      Effect.map((balance): CheckOutcome => {
        const held = Object.entries(balance.total ?? {}).filter(([, n]) => Number(n) > 0)
        return {
          ok: true,
          message: `Keys accepted; the account holds ${held.length} asset${held.length === 1 ? "" : "s"}`
        }
      }),
      Effect.catchAll((e) =>
        Effect.succeed<CheckOutcome>({ ok: false, message: describe(ccxt, e) })
      )
    )
  }).pipe(Effect.withSpan("Exchange.checkAccount"))
