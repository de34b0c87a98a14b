import { Data, type Effect } from "effect"

/** What checking an exchange account found, in words for its owner. */
export interface CheckOutcome {
  readonly ok: boolean
  readonly message: string
}

/** An exchange account's API key and secret, opened from their sealed form only to be used. */
export interface Credentials {
  readonly apiKey: string
  readonly apiSecret: string
}

/** An order as the engine asks an exchange account to place, fetch or cancel it. */
export interface OrderRequest {
  /** The idempotency key: placing the same client order id again places nothing new. */
  readonly clientOrderId: string
  /** The app's instrument (the paper exchange's market). */
  readonly symbol: string
  /** The exchange's market, e.g. BTC/USDT (testnet and live). */
  readonly exchangeSymbol: string | null
  readonly side: "buy" | "sell"
  readonly type: "market" | "limit"
  readonly price: string | null
  readonly quantity: string
}

/** Where an order stands at the exchange; cost and fee in the quote currency. */
export interface OrderReport {
  readonly exchangeOrderId: string
  readonly status: "open" | "partially_filled" | "filled" | "cancelled" | "rejected"
  readonly filledQuantity: string
  readonly filledCost: string
  readonly fee: string
  readonly message: string
}

/** An exchange could not do what was asked; `transient` failures are worth another try. */
export class ExchangeFailure extends Data.TaggedError("ExchangeFailure")<{
  readonly message: string
  readonly transient: boolean
}> {}

/** One exchange account, as the engine uses it: every call idempotent by the client order id. */
export interface ExchangeAccount {
  readonly place: (order: OrderRequest) => Effect.Effect<OrderReport, ExchangeFailure>
  readonly fetch: (order: OrderRequest) => Effect.Effect<OrderReport, ExchangeFailure>
  readonly cancel: (order: OrderRequest) => Effect.Effect<OrderReport, ExchangeFailure>
}
