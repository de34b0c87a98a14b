import type { CashHolding, Currency, ValuationProblem } from "@trading-app/domain"
import { type Fixed, mul, ONE, percent, ZERO } from "./Fixed.js"
import { amount, orNull, percentage, type ValuationRules, type Valued } from "./Holdings.js"

/** Cash in one currency before presentation. */
export interface ValuedCash {
  readonly currency: string
  readonly balance: Fixed
  /** Undefined when a movement's rate was missing. */
  readonly book: Fixed | undefined
  readonly marketValue: Fixed | undefined
  readonly dayChange: Fixed | undefined
  readonly problems: ReadonlyArray<ValuationProblem>
}

/** The portfolio's cash per currency, from every ledger's movements, valued at today's rates. */
export const valueCash = (
  valued: ReadonlyArray<Valued>,
  rules: Pick<ValuationRules, "base" | "fx" | "dayStart">
) => {
  const balances = new Map<string, { balance: Fixed; book: Fixed | undefined }>()
  for (const v of valued) {
    for (const [currency, c] of v.cash) {
      const known = v.position !== undefined
      const sum = balances.get(currency)
      if (sum === undefined)
        balances.set(currency, { balance: c.balance, book: known ? c.book : undefined })
      else {
        sum.balance += c.balance
        sum.book = known && sum.book !== undefined ? sum.book + c.book : undefined
      }
    }
  }
  return [...balances]
    .filter(([, c]) => c.balance !== ZERO || (c.book !== undefined && c.book !== ZERO))
    .sort(([a], [b]) => (a === rules.base ? -1 : b === rules.base ? 1 : a.localeCompare(b)))
    .map(([currency, c]): ValuedCash => {
      const base = currency === rules.base
      const rate = base ? ONE : rules.fx.rateNow(currency)
      const ratePrevious = base ? ONE : rules.fx.rateAt(currency, rules.dayStart)
      const marketValue = rate === undefined ? undefined : mul(c.balance, rate)
      return {
        currency,
        balance: c.balance,
        book: c.book,
        marketValue,
        dayChange:
          marketValue === undefined || ratePrevious === undefined
            ? undefined
            : marketValue - mul(c.balance, ratePrevious),
        problems:
          rate === undefined
            ? [{ code: "missing_fx_rate", message: `No current ${currency}/${rules.base} rate` }]
            : []
      }
    })
}

/** The presented row of a cash balance. */
export const cashHoldingOf = (c: ValuedCash, totalValue: Fixed): CashHolding => ({
  currency: c.currency as Currency,
  balance: amount(c.balance),
  marketValue: orNull(c.marketValue, amount),
  costBasis: orNull(c.book, amount),
  unrealizedPnl:
    c.marketValue === undefined || c.book === undefined ? null : amount(c.marketValue - c.book),
  weightPercent: orNull(
    c.marketValue === undefined || totalValue <= ZERO
      ? undefined
      : percent(c.marketValue, totalValue),
    percentage
  ),
  dayChange: orNull(c.dayChange, amount),
  problems: c.problems
})
