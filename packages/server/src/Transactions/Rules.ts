import {
  type Currency,
  type InstrumentSymbol,
  type PortfolioId,
  Unprocessable,
  type UserId
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { conversionPath } from "../MarketData/FxPaths.js"
import type { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import type { TransactionsRepo } from "./TransactionsRepo.js"

/**
 * A transaction names an instrument the market data knows, in its quote currency or in a
 * currency an FX pair converts into it.
 */
export const checkInstrument = (
  market: MarketDataRepo,
  symbol: InstrumentSymbol,
  currency: Currency
) =>
  Effect.gen(function* () {
    const instrument = yield* market.instrument(symbol)
    if (Option.isNone(instrument)) {
      return yield* Unprocessable.field(
        ["symbol"],
        `Unknown instrument ${symbol}; search the instruments for its symbol`
      )
    }
    const quote = instrument.value.quoteCurrency
    if (currency === quote) return
    const pairs = yield* market.fxPairs
    if (conversionPath(currency, quote, pairs) === undefined) {
      return yield* Unprocessable.field(
        ["currency"],
        `${symbol} is quoted in ${quote}, and no FX rate converts ${currency} into ${quote}`
      )
    }
  })

/**
 * Re-checks a portfolio's whole history of a symbol after a change, inside the change's DB
 * transaction: no sale may take the open quantity below zero.
 */
export const checkNoOversell = (
  repo: TransactionsRepo,
  userId: UserId,
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol
) =>
  Effect.flatMap(repo.firstOversell(userId, portfolioId, symbol), (found) =>
    Option.match(found, {
      onNone: () => Effect.void,
      onSome: (o) =>
        Unprocessable.field(
          ["quantity"],
          `Selling ${o.quantity} ${symbol} on ${o.executedAt} would sell more than the ${o.held} held then`
        )
    })
  )
