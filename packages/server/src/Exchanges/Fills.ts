import {
  type CreateTransaction,
  type Currency,
  decimalString,
  type InstrumentSymbol,
  type PortfolioId,
  type Timestamp,
  toBigDecimal,
  type UserId
} from "@trading-app/domain"
import { BigDecimal, Effect, Option } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { Transactions } from "../Transactions/Transactions.js"

/** An order's fill so far, and how much of it is in the portfolio already. */
export interface FillState {
  readonly id: string
  readonly side: "buy" | "sell"
  readonly filledQuantity: string
  readonly filledCost: string
  readonly fee: string
  readonly recordedQuantity: string
  readonly recordedCost: string
  readonly recordedFee: string
}

const d = toBigDecimal

/** Whether part of the fill is not in the portfolio yet. */
export const unrecorded = (o: FillState) =>
  BigDecimal.greaterThan(d(o.filledQuantity), d(o.recordedQuantity))

/**
 * Records what an order filled since it was last recorded as a buy or sell activity in the
 * portfolio, at its average price, with its fee, in the instrument's quote currency. The
 * idempotency key (the order and its filled quantity) makes a repeat after a crash a no-op.
 * Answers whether the fill is in the portfolio (false: it could not be recorded; logged).
 */
export const recordFill = (
  owner: { readonly userId: UserId; readonly portfolioId: PortfolioId; readonly symbol: string },
  o: FillState,
  note: string
) =>
  Effect.gen(function* () {
    const transactions = yield* Transactions
    const market = yield* MarketDataRepo
    const instrument = yield* market.instrument(owner.symbol as InstrumentSymbol)
    const currency = Option.match(instrument, {
      onNone: () => "USD" as Currency,
      onSome: (i) => i.quoteCurrency
    })
    const quantity = BigDecimal.subtract(d(o.filledQuantity), d(o.recordedQuantity))
    const cost = BigDecimal.subtract(d(o.filledCost), d(o.recordedCost))
    const input = {
      type: o.side,
      portfolioId: owner.portfolioId,
      symbol: owner.symbol,
      quantity: decimalString(quantity),
      price: decimalString(
        BigDecimal.round(BigDecimal.unsafeDivide(cost, quantity), { scale: 10, mode: "half-even" })
      ),
      fee: decimalString(BigDecimal.subtract(d(o.fee), d(o.recordedFee))),
      currency,
      executedAt: new Date().toISOString() as Timestamp,
      note
    } as CreateTransaction
    return yield* transactions
      .create(owner.userId, input, Option.some(`fill:${o.id}:${o.filledQuantity}`))
      .pipe(
        Effect.as(true),
        // The same key from an earlier try that was cut short: it is in the portfolio.
        Effect.catchTag("Conflict", () => Effect.succeed(true)),
        Effect.catchAll((e) =>
          Effect.as(
            Effect.logWarning(`A fill could not be recorded in the portfolio: ${e.message}`).pipe(
              Effect.annotateLogs({ orderId: o.id })
            ),
            false
          )
        )
      )
  })
