import type {
  Amount,
  CostBasisMethod,
  Currency,
  Holding,
  Instrument,
  InstrumentSymbol,
  Price,
  Timestamp,
  ValuationProblem
} from "@trading-app/domain"
import type { ValuedCash } from "./Cash.js"
import { div, type Fixed, format, mul, ONE, percent, ZERO } from "./Fixed.js"
import type { LedgerEntry, SymbolLedger } from "./Ledger.js"
import { type CashBalance, type Position, replay } from "./Positions.js"
import type { Fx } from "./Prices.js"
import type { Replay } from "./ReplayMemo.js"

export const AMOUNT_DECIMALS = 8
export const PERCENT_DECIMALS = 4
export const ROUNDING = {
  amountDecimals: AMOUNT_DECIMALS,
  percentDecimals: PERCENT_DECIMALS,
  mode: "half-even"
} as const

export const amount = (x: Fixed): Amount => format(x, AMOUNT_DECIMALS) as Amount
export const percentage = (x: Fixed): Amount => format(x, PERCENT_DECIMALS) as Amount
export const orNull = <A, B>(x: A | undefined, f: (a: A) => B): B | null =>
  x === undefined ? null : f(x)

export interface Quote {
  readonly price: Fixed
  readonly text: Price
  readonly time: Timestamp
}

/** What valuing one symbol needs beyond its ledger. */
export interface SymbolMarket {
  readonly instrument: Instrument | undefined
  readonly latest: Quote | undefined
  /** The last daily close before today (UTC). */
  readonly previousClose: Fixed | undefined
}

/** How a portfolio is valued: its base currency, cost basis method, rates, and cash policy. */
export interface ValuationRules {
  readonly base: string
  readonly method: CostBasisMethod
  readonly fx: Fx
  /** Whether purchases and sales move the portfolio's cash (it records deposits or withdrawals). */
  readonly tradesMoveCash: boolean
  /** Start of today (UTC): previous closes and rates are taken there for the day's change. */
  readonly dayStart: number
  /** How a ledger is replayed: `replay` unless told (the service remembers replays). */
  readonly replay?: Replay
}

/** One ledger's figures before presentation; undefined where a price or rate is missing. */
export interface Valued {
  readonly symbol: string
  readonly market: SymbolMarket
  readonly quantity: Fixed
  /** Undefined when a transaction's rate is missing (its cost in the base currency is unknown). */
  readonly position: Position | undefined
  /** Cash the entries moved, per currency (book values unknown when a rate was missing). */
  readonly cash: ReadonlyMap<string, CashBalance>
  readonly marketValue: Fixed | undefined
  readonly dayChange: Fixed | undefined
  /** The market value at the previous close (at that time's rate), for the day's percentage. */
  readonly previousValue: Fixed | undefined
  readonly problems: ReadonlyArray<ValuationProblem>
}

/** Each entry's rate into the base currency at its time; undefined when all are 1. */
export const ratesOf = (
  entries: ReadonlyArray<LedgerEntry>,
  base: string,
  rateAt: (currency: string, time: number) => Fixed | undefined
): { readonly rates: Array<Fixed | undefined> | undefined; readonly missing?: string } => {
  if (entries.every((e) => e.currency === base || e.currency === "")) return { rates: undefined }
  let missing: string | undefined
  const rates = entries.map((e) => {
    if (e.currency === base || e.currency === "") return ONE
    const rate = rateAt(e.currency, e.time)
    if (rate === undefined) missing ??= e.currency
    return rate
  })
  return missing === undefined ? { rates } : { rates, missing }
}

/** Replays one ledger in the base currency and values it at the latest price. */
export const valueSymbol = (
  ledger: SymbolLedger,
  market: SymbolMarket,
  rules: ValuationRules
): Valued => {
  const { base, fx } = rules
  const problems: Array<ValuationProblem> = []
  const { rates, missing } = ratesOf(ledger.entries, base, fx.rateAt)
  if (missing !== undefined) {
    problems.push({
      code: "missing_fx_rate",
      message: `No ${missing}/${base} rate at the time of a transaction, so its cost is unknown`
    })
  }
  const replayed = (rules.replay ?? replay)(
    ledger.entries,
    rules.method,
    rates?.map((r) => r ?? ZERO),
    rules.tradesMoveCash
  )
  const position = missing === undefined ? replayed : undefined
  const quantity = replayed.quantity
  const { instrument, latest, previousClose } = market
  let marketValue: Fixed | undefined = quantity === ZERO ? ZERO : undefined
  let dayChange: Fixed | undefined = quantity === ZERO ? ZERO : undefined
  let previousValue: Fixed | undefined
  if (quantity !== ZERO) {
    const quote = instrument?.quoteCurrency
    const rate = quote === undefined ? undefined : fx.rateNow(quote)
    if (latest === undefined) {
      problems.push({ code: "missing_price", message: `No market price for ${ledger.symbol}` })
    } else if (rate === undefined) {
      problems.push({ code: "missing_fx_rate", message: `No current ${quote}/${base} rate` })
    } else {
      marketValue = mul(mul(quantity, latest.price), rate)
      const ratePrevious = quote === base ? ONE : fx.rateAt(quote!, rules.dayStart)
      if (previousClose !== undefined && ratePrevious !== undefined) {
        previousValue = mul(mul(quantity, previousClose), ratePrevious)
        dayChange = marketValue - previousValue
      }
    }
  }
  return {
    symbol: ledger.symbol,
    market,
    quantity,
    position,
    cash: replayed.cash,
    marketValue,
    dayChange,
    previousValue,
    problems
  }
}

/** The presented row of one symbol, given the portfolio's total value for its weight. */
export const holdingOf = (v: Valued, totalValue: Fixed): Holding => {
  const { position: p, market, marketValue } = v
  const unrealized =
    p !== undefined && marketValue !== undefined ? marketValue - p.costBasis : undefined
  const open = v.quantity !== ZERO
  return {
    symbol: v.symbol as InstrumentSymbol,
    name: market.instrument?.name ?? null,
    assetClass: market.instrument?.assetClass ?? null,
    quantity: format(v.quantity, 10) as Amount,
    priceCurrency: market.instrument?.quoteCurrency ?? null,
    latestPrice: market.latest?.text ?? null,
    priceTime: market.latest?.time ?? null,
    costBasis: orNull(p, (p) => amount(p.costBasis)),
    averageCost: p === undefined || !open ? null : amount(div(p.costBasis, v.quantity)!),
    marketValue: orNull(marketValue, amount),
    unrealizedPnl: orNull(unrealized, amount),
    unrealizedPnlPercent: orNull(
      unrealized === undefined || p === undefined ? undefined : percent(unrealized, p.costBasis),
      percentage
    ),
    realizedPnl: orNull(p, (p) => amount(p.realizedGross)),
    realizedPnlNet: orNull(p, (p) => amount(p.realizedNet)),
    fees: orNull(p, (p) => amount(p.fees)),
    income: orNull(p, (p) => amount(p.income)),
    weightPercent: orNull(
      marketValue === undefined || !open || totalValue <= ZERO
        ? undefined
        : percent(marketValue, totalValue),
      percentage
    ),
    dayChange: orNull(open ? v.dayChange : undefined, amount),
    dayChangePercent: orNull(
      !open || v.dayChange === undefined || v.previousValue === undefined
        ? undefined
        : percent(v.dayChange, v.previousValue),
      percentage
    ),
    problems: v.problems
  }
}

/**
 * Totals over the symbols and cash whose figures are known; the others are named, not counted as
 * zero. With everything valued: realizedNet + unrealized + income − costs = total value − net
 * contributions, exactly (see `replay`).
 */
export const totalsOf = (valued: ReadonlyArray<Valued>, cash: ReadonlyArray<ValuedCash>) => {
  let marketValue = ZERO
  let costBasis = ZERO
  let realizedGross = ZERO
  let realizedNet = ZERO
  let fees = ZERO
  let income = ZERO
  let withheld = ZERO
  let costs = ZERO
  let netContributions = ZERO
  let dayChange = ZERO
  const unvalued: Array<InstrumentSymbol> = []
  for (const v of valued) {
    const p = v.position
    if (p === undefined || v.marketValue === undefined) {
      if (v.symbol !== "" && !unvalued.includes(v.symbol as InstrumentSymbol))
        unvalued.push(v.symbol as InstrumentSymbol)
      continue
    }
    marketValue += v.marketValue
    costBasis += p.costBasis
    realizedGross += p.realizedGross
    realizedNet += p.realizedNet
    fees += p.fees
    income += p.income
    withheld += p.withheld
    costs += p.costs
    netContributions += p.netContributions
    dayChange += v.dayChange ?? ZERO
  }
  let cashValue = ZERO
  let cashGain = ZERO
  const unvaluedCurrencies: Array<Currency> = []
  for (const c of cash) {
    if (c.marketValue === undefined || c.book === undefined) {
      unvaluedCurrencies.push(c.currency as Currency)
      continue
    }
    cashValue += c.marketValue
    cashGain += c.marketValue - c.book
    dayChange += c.dayChange ?? ZERO
  }
  const totalValue = marketValue + cashValue
  return {
    totalValue,
    presented: {
      marketValue: amount(marketValue),
      cash: amount(cashValue),
      totalValue: amount(totalValue),
      costBasis: amount(costBasis),
      unrealizedPnl: amount(marketValue - costBasis + cashGain),
      realizedPnl: amount(realizedGross),
      realizedPnlNet: amount(realizedNet),
      fees: amount(fees),
      income: amount(income),
      withheldTax: amount(withheld),
      costs: amount(costs),
      netContributions: amount(netContributions),
      dayChange: amount(dayChange),
      unvaluedSymbols: unvalued,
      unvaluedCurrencies
    }
  }
}
