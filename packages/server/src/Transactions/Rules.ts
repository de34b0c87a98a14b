import {
  type CreateTransaction,
  type Currency,
  type InstrumentSymbol,
  type PortfolioId,
  Unprocessable,
  type UserId
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { conversionPath } from "../MarketData/FxPaths.js"
import type { KnownInstruments } from "../MarketData/KnownInstruments.js"
import { format, fromUnits } from "../Valuation/Fixed.js"
import { unpack } from "../Valuation/Ledger.js"
import type { LedgerRepo } from "../Valuation/LedgerRepo.js"
import { walkQuantity } from "../Valuation/Positions.js"

/**
 * A transaction names an instrument the market data knows, in its quote currency or in a
 * currency an FX pair converts into it.
 */
export const checkInstrument = (
  market: KnownInstruments,
  symbol: InstrumentSymbol,
  currency: Currency | undefined
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
    if (currency === undefined || currency === quote) return
    const pairs = yield* market.fxPairs
    if (conversionPath(currency, quote, pairs) === undefined) {
      return yield* Unprocessable.field(
        ["currency"],
        `${symbol} is quoted in ${quote}, and no FX rate converts ${currency} into ${quote}`
      )
    }
  })

/** Cash in a currency the portfolio can value: its base currency or one an FX pair converts. */
export const checkCashCurrency = (market: KnownInstruments, currency: Currency, base: Currency) =>
  Effect.gen(function* () {
    if (currency === base) return
    const pairs = yield* market.fxPairs
    if (conversionPath(currency, base, pairs) === undefined) {
      return yield* Unprocessable.field(
        ["currency"],
        `No FX rate converts ${currency} into ${base}, the portfolio's base currency`
      )
    }
  })

/**
 * The symbol and currency an entry names, checked against the market data; cash without a
 * symbol against the portfolio's base currency (read only then: most entries name a symbol).
 */
export const checkEntry = <E, R>(
  market: KnownInstruments,
  t: CreateTransaction,
  baseCurrency: Effect.Effect<Currency, E, R>
) => {
  const symbol = "symbol" in t ? (t.symbol ?? null) : null
  const currency = "currency" in t ? t.currency : undefined
  if (symbol !== null) return checkInstrument(market, symbol, currency)
  return currency === undefined
    ? Effect.void
    : Effect.flatMap(baseCurrency, (base) => checkCashCurrency(market, currency, base))
}

/** Whether an entry changes the units held of its symbol (and may leave a later one short). */
export const movesUnits = (t: { readonly type: string }) =>
  t.type === "buy" ||
  t.type === "sell" ||
  t.type === "split" ||
  t.type === "transfer_in" ||
  t.type === "transfer_out"

const verbs: Record<string, readonly [string, string]> = {
  sell: ["Selling", "sell"],
  transfer_out: ["Transferring out", "transfer out"]
}

/**
 * Re-checks a portfolio's whole history of a symbol after a change, inside the change's DB
 * transaction (the database has repacked it already): no sale or transfer out may take more
 * than is held then, splits included.
 */
export const checkNoOversell = (
  ledgers: LedgerRepo,
  userId: UserId,
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol,
  field: "quantity" | "sharesAfter" = "quantity"
) =>
  Effect.flatMap(ledgers.packed(userId, portfolioId, [symbol]), (packs) => {
    const { shortfall } = walkQuantity(unpack(packs[0]?.entries ?? ""))
    if (shortfall === undefined) return Effect.void
    const { entry, held } = shortfall
    const at = new Date(entry.time).toISOString()
    const amount = (units: bigint) => format(fromUnits(units), 10)
    const [doing, verb] = verbs[entry.type]!
    return Unprocessable.field(
      [field],
      `${doing} ${amount(entry.quantity)} ${symbol} on ${at} would ${verb} more than the ${amount(held)} held then`
    )
  })
