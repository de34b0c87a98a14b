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

type FxPairs = Parameters<typeof conversionPath>[2]

/** Why an entry's symbol and currency do not fit the market data (`quote`: the instrument's quote currency, if known). */
export const instrumentProblem = (
  symbol: string,
  quote: Currency | undefined,
  currency: Currency | undefined,
  pairs: FxPairs
): { readonly field: "symbol" | "currency"; readonly message: string } | undefined => {
  if (quote === undefined)
    return {
      field: "symbol",
      message: `Unknown instrument ${symbol}; search the instruments for its symbol`
    }
  if (currency === undefined || currency === quote) return undefined
  return conversionPath(currency, quote, pairs) === undefined
    ? {
        field: "currency",
        message: `${symbol} is quoted in ${quote}, and no FX rate converts ${currency} into ${quote}`
      }
    : undefined
}

/** Why cash in a currency cannot be valued in a portfolio's base currency, if it cannot. */
export const cashCurrencyProblem = (currency: Currency, base: Currency, pairs: FxPairs) =>
  currency === base || conversionPath(currency, base, pairs) !== undefined
    ? undefined
    : `No FX rate converts ${currency} into ${base}, the portfolio's base currency`

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
    const quote = Option.getOrUndefined(instrument)?.quoteCurrency
    const pairs =
      quote === undefined || currency === undefined || currency === quote
        ? []
        : yield* market.fxPairs
    const problem = instrumentProblem(symbol, quote, currency, pairs)
    if (problem !== undefined) return yield* Unprocessable.field([problem.field], problem.message)
  })

/** Cash in a currency the portfolio can value: its base currency or one an FX pair converts. */
export const checkCashCurrency = (market: KnownInstruments, currency: Currency, base: Currency) =>
  Effect.gen(function* () {
    if (currency === base) return
    const problem = cashCurrencyProblem(currency, base, yield* market.fxPairs)
    if (problem !== undefined) return yield* Unprocessable.field(["currency"], problem)
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
