import { Schema } from "effect"
import { Currency } from "./Currency.js"
import { Amount, Price } from "./Decimal.js"
import { PortfolioId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { CostBasisMethod } from "./Portfolio.js"
import { Timestamp } from "./Timestamp.js"

/** Why a figure could not be computed; the figure is then null, never zero. */
export const ValuationProblem = Schema.Struct({
  code: Schema.Literal("missing_price", "missing_fx_rate"),
  message: Schema.String
}).annotations({ identifier: "ValuationProblem" })
export type ValuationProblem = typeof ValuationProblem.Type

/** How the figures of a valuation were rounded (they are computed exactly, then rounded once). */
export const Rounding = Schema.Struct({
  amountDecimals: Schema.Int,
  percentDecimals: Schema.Int,
  mode: Schema.Literal("half-even")
}).annotations({ identifier: "Rounding" })

/**
 * One symbol of a portfolio, open or closed. Money is in the portfolio's base currency, each
 * transaction converted at its time and the market value at the latest rate; `latestPrice` is in
 * `priceCurrency`, the instrument's quote currency. Cost basis includes buy fees. A figure that
 * needs a missing price or FX rate is null, with the reason in `problems`.
 */
export const Holding = Schema.Struct({
  symbol: InstrumentSymbol,
  name: Schema.NullOr(Schema.String),
  quantity: Amount,
  priceCurrency: Schema.NullOr(Currency),
  latestPrice: Schema.NullOr(Price),
  priceTime: Schema.NullOr(Timestamp),
  costBasis: Schema.NullOr(Amount),
  averageCost: Schema.NullOr(Amount).annotations({
    description: "Cost basis per open unit; null when nothing is open"
  }),
  marketValue: Schema.NullOr(Amount),
  unrealizedPnl: Schema.NullOr(Amount),
  unrealizedPnlPercent: Schema.NullOr(Amount),
  realizedPnl: Schema.NullOr(Amount).annotations({
    description: "Proceeds less the cost of sold units, before fees"
  }),
  realizedPnlNet: Schema.NullOr(Amount).annotations({
    description: "Realized P&L after buy and sell fees"
  }),
  fees: Schema.NullOr(Amount),
  weightPercent: Schema.NullOr(Amount),
  dayChange: Schema.NullOr(Amount).annotations({
    description: "Change of the market value since the previous daily close"
  }),
  dayChangePercent: Schema.NullOr(Amount),
  problems: Schema.Array(ValuationProblem)
}).annotations({ identifier: "Holding" })
export type Holding = typeof Holding.Type

export const HoldingsTotals = Schema.Struct({
  marketValue: Amount,
  costBasis: Amount,
  unrealizedPnl: Amount,
  realizedPnl: Amount,
  realizedPnlNet: Amount,
  fees: Amount,
  dayChange: Amount,
  unvaluedSymbols: Schema.Array(InstrumentSymbol).annotations({
    description: "Symbols left out of the totals for want of a price or FX rate"
  })
}).annotations({ identifier: "HoldingsTotals" })

export const Holdings = Schema.Struct({
  portfolioId: PortfolioId,
  baseCurrency: Currency,
  costBasisMethod: CostBasisMethod,
  asOf: Timestamp,
  rounding: Rounding,
  items: Schema.Array(Holding),
  totals: HoldingsTotals
}).annotations({ identifier: "Holdings" })
export type Holdings = typeof Holdings.Type

export const PerformanceInterval = Schema.Literal(
  "day",
  "week",
  "month",
  "quarter",
  "year"
).annotations({
  identifier: "PerformanceInterval",
  message: () => 'Interval must be "day", "week", "month", "quarter" or "year"'
})
export type PerformanceInterval = typeof PerformanceInterval.Type

export const PerformanceParams = Schema.Struct({
  from: Schema.optional(Timestamp).annotations({
    description: "Start of the range (default: the first transaction)"
  }),
  to: Schema.optional(Timestamp).annotations({ description: "End of the range (default: now)" }),
  interval: Schema.optional(PerformanceInterval).annotations({
    description: "Spacing of the points (default: day up to a year, week up to seven, else month)"
  })
})
export type PerformanceParams = typeof PerformanceParams.Type

/** The most points a performance answer holds. */
export const MAX_PERFORMANCE_POINTS = 400

export const PerformancePoint = Schema.Struct({
  time: Timestamp,
  value: Schema.NullOr(Amount),
  netContributions: Amount,
  cumulativeReturnPercent: Schema.NullOr(Amount).annotations({
    description: "Time-weighted return from the start of the range to this point"
  })
}).annotations({ identifier: "PerformancePoint" })

export const Performance = Schema.Struct({
  portfolioId: PortfolioId,
  baseCurrency: Currency,
  from: Timestamp,
  to: Timestamp,
  interval: PerformanceInterval,
  rounding: Rounding,
  points: Schema.Array(PerformancePoint),
  startValue: Amount,
  endValue: Amount,
  netContributions: Amount.annotations({ description: "Money put in less money taken out" }),
  timeWeightedReturnPercent: Schema.NullOr(Amount).annotations({
    description: "Daily returns linked over the range"
  }),
  moneyWeightedReturnPercent: Schema.NullOr(Amount).annotations({
    description: "Annualised internal rate of return (XIRR) of the range's cash flows"
  }),
  maxDrawdownPercent: Schema.NullOr(Amount).annotations({
    description: "Largest fall of the time-weighted index from a previous peak"
  }),
  missingPrices: Schema.Array(InstrumentSymbol).annotations({
    description: "Symbols valued at their last known trade price for want of market prices"
  })
}).annotations({ identifier: "Performance" })
export type Performance = typeof Performance.Type
