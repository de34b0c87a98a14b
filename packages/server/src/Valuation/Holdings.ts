import type {
  Amount,
  CostBasisMethod,
  Holding,
  Instrument,
  InstrumentSymbol,
  Price,
  Timestamp,
  ValuationProblem
} from "@trading-app/domain"
import { div, type Fixed, format, fromUnits, mul, percent, type Units, ZERO } from "./Fixed.js"
import type { SymbolLedger } from "./Ledger.js"
import type { Position } from "./Positions.js"
import { replay } from "./Positions.js"
import type { Fx } from "./Prices.js"

export const AMOUNT_DECIMALS = 8
export const PERCENT_DECIMALS = 4
export const ROUNDING = {
  amountDecimals: AMOUNT_DECIMALS,
  percentDecimals: PERCENT_DECIMALS,
  mode: "half-even"
} as const

export const amount = (x: Fixed): Amount => format(x, AMOUNT_DECIMALS) as Amount
export const percentage = (x: Fixed): Amount => format(x, PERCENT_DECIMALS) as Amount
const orNull = <A, B>(x: A | undefined, f: (a: A) => B): B | null => (x === undefined ? null : f(x))

export interface Quote {
  readonly price: Fixed
  readonly text: Price
  readonly time: Timestamp
}

/** What valuing one symbol needs beyond its ledger. */
export interface SymbolMarket {
  readonly instrument: Instrument | undefined
  readonly latest: Quote | undefined
  readonly previousClose: Fixed | undefined
}

/** One symbol's figures before presentation; undefined where a price or rate is missing. */
export interface Valued {
  readonly symbol: string
  readonly market: SymbolMarket
  readonly quantity: Fixed
  readonly position: Position | undefined
  readonly marketValue: Fixed | undefined
  readonly dayChange: Fixed | undefined
  readonly problems: ReadonlyArray<ValuationProblem>
}

/** Replays one symbol's ledger in the base currency and values it at the latest price. */
export const valueSymbol = (
  ledger: SymbolLedger,
  market: SymbolMarket,
  method: CostBasisMethod,
  fx: Fx,
  base: string
): Valued => {
  const problems: Array<ValuationProblem> = []
  // Rates only where a transaction is not in the base currency (most portfolios: none).
  let rates: Array<Fixed> | undefined
  let rateMissing: string | undefined
  if (ledger.entries.some((e) => e.currency !== base)) {
    rates = ledger.entries.map((e) => {
      const rate = fx.rateAt(e.currency, e.time)
      if (rate === undefined) rateMissing ??= e.currency
      return rate ?? ZERO
    })
  }
  let held: Units = ZERO
  for (const e of ledger.entries) held += e.side === "buy" ? e.quantity : -e.quantity
  const quantity = fromUnits(held)
  if (rateMissing !== undefined) {
    problems.push({
      code: "missing_fx_rate",
      message: `No ${rateMissing}/${base} rate at the time of a transaction, so its cost is unknown`
    })
  }
  const position = rateMissing === undefined ? replay(ledger.entries, method, rates) : undefined
  const { instrument, latest, previousClose } = market
  let marketValue: Fixed | undefined = quantity === ZERO ? ZERO : undefined
  let dayChange: Fixed | undefined = quantity === ZERO ? ZERO : undefined
  if (quantity !== ZERO) {
    const quote = instrument?.quoteCurrency
    const rate = quote === undefined ? undefined : fx.rateNow(quote)
    if (latest === undefined) {
      problems.push({ code: "missing_price", message: `No market price for ${ledger.symbol}` })
    } else if (rate === undefined) {
      problems.push({ code: "missing_fx_rate", message: `No current ${quote}/${base} rate` })
    } else {
      marketValue = mul(mul(quantity, latest.price), rate)
      if (previousClose !== undefined)
        dayChange = mul(mul(quantity, latest.price - previousClose), rate)
    }
  }
  return { symbol: ledger.symbol, market, quantity, position, marketValue, dayChange, problems }
}

/** The presented row of one symbol, given the portfolio's total market value for its weight. */
export const holdingOf = (v: Valued, totalValue: Fixed): Holding => {
  const { position: p, market, marketValue } = v
  const unrealized =
    p !== undefined && marketValue !== undefined ? marketValue - p.costBasis : undefined
  return {
    symbol: v.symbol as InstrumentSymbol,
    name: market.instrument?.name ?? null,
    quantity: format(v.quantity, 10) as Amount,
    priceCurrency: market.instrument?.quoteCurrency ?? null,
    latestPrice: market.latest?.text ?? null,
    priceTime: market.latest?.time ?? null,
    costBasis: orNull(p, (p) => amount(p.costBasis)),
    averageCost:
      p === undefined || v.quantity === ZERO ? null : amount(div(p.costBasis, v.quantity)!),
    marketValue: orNull(marketValue, amount),
    unrealizedPnl: orNull(unrealized, amount),
    unrealizedPnlPercent: orNull(
      unrealized === undefined || p === undefined ? undefined : percent(unrealized, p.costBasis),
      percentage
    ),
    realizedPnl: orNull(p, (p) => amount(p.realizedGross)),
    realizedPnlNet: orNull(p, (p) => amount(p.realizedNet)),
    fees: orNull(p, (p) => amount(p.fees)),
    weightPercent: orNull(
      marketValue === undefined || v.quantity === ZERO
        ? undefined
        : percent(marketValue, totalValue),
      percentage
    ),
    dayChange: orNull(v.quantity === ZERO ? undefined : v.dayChange, amount),
    dayChangePercent: orNull(
      v.quantity === ZERO || market.latest === undefined || market.previousClose === undefined
        ? undefined
        : percent(market.latest.price - market.previousClose, market.previousClose),
      percentage
    ),
    problems: v.problems
  }
}

/** Totals over the symbols whose figures are known; the others are named, not counted as zero. */
export const totalsOf = (valued: ReadonlyArray<Valued>) => {
  let marketValue = ZERO
  let costBasis = ZERO
  let realizedGross = ZERO
  let realizedNet = ZERO
  let fees = ZERO
  let dayChange = ZERO
  const unvalued: Array<InstrumentSymbol> = []
  for (const v of valued) {
    if (v.position === undefined || v.marketValue === undefined) {
      unvalued.push(v.symbol as InstrumentSymbol)
      continue
    }
    marketValue += v.marketValue
    costBasis += v.position.costBasis
    realizedGross += v.position.realizedGross
    realizedNet += v.position.realizedNet
    fees += v.position.fees
    dayChange += v.dayChange ?? ZERO
  }
  return {
    marketValue,
    presented: {
      marketValue: amount(marketValue),
      costBasis: amount(costBasis),
      unrealizedPnl: amount(marketValue - costBasis),
      realizedPnl: amount(realizedGross),
      realizedPnlNet: amount(realizedNet),
      fees: amount(fees),
      dayChange: amount(dayChange),
      unvaluedSymbols: unvalued
    }
  }
}
