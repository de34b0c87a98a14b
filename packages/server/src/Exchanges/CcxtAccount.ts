import type { Exchange as CcxtExchange, Order, Trade } from "ccxt"
import { Effect } from "effect"
import { describe, loadCcxt, transient } from "./Ccxt.js"
import {
  type ExchangeAccount,
  ExchangeFailure,
  type OrderReport,
  type OrderRequest
} from "./ExchangePort.js"

/** A number from ccxt as a decimal string (ccxt's figures are floating point). */
const decimal = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? "0" : String(Number(n.toFixed(10)))

const statusOf = (order: Order): OrderReport["status"] => {
  const filled = (order.filled ?? 0) > 0
  switch (order.status) {
    case "closed":
      return "filled"
    case "canceled":
      return "cancelled"
    case "rejected":
    case "expired":
      return filled ? "cancelled" : "rejected"
    default:
      return filled ? "partially_filled" : "open"
  }
}

/**
 * An exchange account through ccxt (testnet or live): every call names the order by its client
 * order id, so placing again after a lost answer finds the first order ("Duplicate order sent"
 * is read as: it is there) instead of placing a second. Fees are read from the order's trades: a
 * buy's fee in the base asset lowers the quantity received, one in the quote currency is the
 * fee; a fee in a third asset (BNB) is left out of the figures.
 */
export const ccxtAccount = (client: Effect.Effect<CcxtExchange>): Effect.Effect<ExchangeAccount> =>
  Effect.gen(function* () {
    const ccxt = yield* Effect.promise(loadCcxt)
    // One client for the account's calls in this step; it loads the markets once.
    const cached = yield* Effect.cached(client)

    const attempt = <A>(f: (c: CcxtExchange) => Promise<A>) =>
      Effect.flatMap(cached, (c) => Effect.tryPromise({ try: () => f(c), catch: (e) => e }))
    const failure = (e: unknown) =>
      new ExchangeFailure({ message: describe(ccxt, e), transient: transient(ccxt, e) })

    /** The trades' fees by the asset they were paid in: the market's base, its quote, other. */
    const feesOf = (c: CcxtExchange, symbol: string, trades: ReadonlyArray<Trade>) => {
      const { base, quote } = c.market(symbol)
      const fees = { base: 0, quote: 0 }
      for (const t of trades) {
        if (t.fee?.currency === quote) fees.quote += t.fee.cost ?? 0
        else if (t.fee?.currency === base) fees.base += t.fee.cost ?? 0
      }
      return fees
    }

    const report = (o: OrderRequest, order: Order) =>
      attempt(async (c): Promise<OrderReport> => {
        const symbol = symbolOf(o)
        let filled = order.filled ?? 0
        const cost = order.cost ?? filled * (order.average ?? order.price ?? 0)
        const trades =
          filled > 0 && (order.trades ?? []).length === 0
            ? await c.fetchOrderTrades(order.id ?? "", symbol)
            : (order.trades ?? [])
        const fees = feesOf(c, symbol, trades)
        const status = statusOf(order)
        const buy = o.side === "buy"
        // A sell's amount is cut to the market's step when placed: the cut (dust, less than a
        // step) of a filled sell is counted as sold with it, so that a group holding dust can
        // close; the dust stays on the exchange account.
        const step = c.market(symbol).precision.amount ?? 0
        if (!buy && status === "filled" && Number(o.quantity) - filled < step)
          filled = Number(o.quantity)
        // A buy's fee taken in the base asset leaves less of it held: the quantity is net of it.
        return {
          exchangeOrderId: order.id ?? "",
          status,
          filledQuantity: decimal(buy ? filled - fees.base : filled),
          filledCost: decimal(cost),
          fee: decimal(
            buy ? fees.quote : fees.quote + fees.base * (filled > 0 ? cost / filled : 0)
          ),
          message: ""
        }
      })

    const symbolOf = (o: OrderRequest) => o.exchangeSymbol ?? o.symbol
    const byClientId = (o: OrderRequest) => ({ origClientOrderId: o.clientOrderId })

    const fetch = (o: OrderRequest) =>
      attempt((c) => c.fetchOrder("", symbolOf(o), byClientId(o))).pipe(
        Effect.flatMap((order) => report(o, order)),
        Effect.mapError(failure),
        Effect.withSpan("Exchange.fetchOrder")
      )

    const place = (o: OrderRequest) =>
      attempt((c) =>
        c.createOrder(
          symbolOf(o),
          o.type,
          o.side,
          Number(o.quantity),
          o.type === "limit" && o.price !== null ? Number(o.price) : undefined,
          { clientOrderId: o.clientOrderId }
        )
      ).pipe(
        Effect.flatMap((order) => report(o, order)),
        Effect.mapError(failure),
        // Placed by an earlier try whose answer was lost: read it.
        Effect.catchIf(
          (e) => e.message.includes("Duplicate order"),
          () => fetch(o)
        ),
        Effect.withSpan("Exchange.placeOrder")
      )

    const notFound = (e: unknown) => e instanceof ccxt.OrderNotFound
    const cancel = (o: OrderRequest) =>
      attempt((c) => c.cancelOrder("", symbolOf(o), byClientId(o))).pipe(
        Effect.flatMap((order) => report(o, order)),
        // Filled or cancelled already, or never placed: what is there says which.
        Effect.catchIf(notFound, () =>
          attempt((c) => c.fetchOrder("", symbolOf(o), byClientId(o))).pipe(
            Effect.flatMap((order) => report(o, order)),
            Effect.catchIf(notFound, () =>
              Effect.succeed<OrderReport>({
                exchangeOrderId: "",
                status: "rejected",
                filledQuantity: "0",
                filledCost: "0",
                fee: "0",
                message: "The exchange has no such order: it was never placed"
              })
            )
          )
        ),
        Effect.mapError(failure),
        Effect.withSpan("Exchange.cancelOrder")
      )

    return { place, fetch, cancel } satisfies ExchangeAccount
  })
