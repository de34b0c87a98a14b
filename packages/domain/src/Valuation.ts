import { Schema } from "effect"
import { Currency } from "./Currency.js"
import { Amount, Price } from "./Decimal.js"
import { PortfolioId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { AssetClass } from "./MarketData.js"
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
  assetClass: Schema.NullOr(AssetClass),
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
  fees: Schema.NullOr(Amount).annotations({ description: "Fees of this symbol's trades" }),
  income: Schema.NullOr(Amount).annotations({
    description: "Dividends received, net of the tax withheld"
  }),
  weightPercent: Schema.NullOr(Amount).annotations({
    description: "Share of the portfolio's total value (securities and cash)"
  }),
  dayChange: Schema.NullOr(Amount).annotations({
    description:
      "Change of the market value in the base currency since the previous daily close, the currency's move included"
  }),
  dayChangePercent: Schema.NullOr(Amount),
  problems: Schema.Array(ValuationProblem)
}).annotations({ identifier: "Holding" })
export type Holding = typeof Holding.Type

/**
 * Cash in one currency, from the portfolio's activities. `costBasis` is the balance's book value
 * in the base currency (each movement converted at its own time), so `unrealizedPnl` is the
 * gain or loss from the currency's moves since. A negative balance is shown as it is.
 */
export const CashHolding = Schema.Struct({
  currency: Currency,
  balance: Amount,
  marketValue: Schema.NullOr(Amount),
  costBasis: Schema.NullOr(Amount),
  unrealizedPnl: Schema.NullOr(Amount),
  weightPercent: Schema.NullOr(Amount),
  dayChange: Schema.NullOr(Amount),
  problems: Schema.Array(ValuationProblem)
}).annotations({ identifier: "CashHolding" })
export type CashHolding = typeof CashHolding.Type

export const HoldingsTotals = Schema.Struct({
  marketValue: Amount.annotations({ description: "Securities only" }),
  cash: Amount.annotations({ description: "Cash in every currency, in the base currency" }),
  totalValue: Amount.annotations({ description: "Securities and cash" }),
  costBasis: Amount,
  unrealizedPnl: Amount.annotations({
    description: "Of securities and of cash held in other currencies"
  }),
  realizedPnl: Amount,
  realizedPnlNet: Amount,
  fees: Amount.annotations({ description: "Fees of trades" }),
  income: Amount.annotations({ description: "Dividends and interest, net of the tax withheld" }),
  withheldTax: Amount.annotations({ description: "Tax withheld from dividends and interest" }),
  costs: Amount.annotations({ description: "Standalone fees and taxes" }),
  netContributions: Amount.annotations({
    description:
      "External flows: deposits less withdrawals, transfers at their cost basis, and purchases less sales in a portfolio that records no deposits or withdrawals. realizedPnlNet + unrealizedPnl + income − costs = totalValue − netContributions"
  }),
  dayChange: Amount,
  unvaluedSymbols: Schema.Array(InstrumentSymbol).annotations({
    description: "Symbols left out of the totals for want of a price or FX rate"
  }),
  unvaluedCurrencies: Schema.Array(Currency).annotations({
    description: "Cash currencies left out of the totals for want of an FX rate"
  })
}).annotations({ identifier: "HoldingsTotals" })

/** A portfolio, or "all": every portfolio of the user together, as one. */
export const PortfolioScope = Schema.Union(PortfolioId, Schema.Literal("all")).annotations({
  identifier: "PortfolioScope",
  description: 'A portfolio id, or "all" for all of your portfolios together'
})
export type PortfolioScope = typeof PortfolioScope.Type

export const ValuationParams = Schema.Struct({
  currency: Schema.optional(Currency).annotations({
    description:
      "The currency to value in (default: the portfolio's base currency; for all portfolios, that of the oldest)"
  })
})
export type ValuationParams = typeof ValuationParams.Type

export const Holdings = Schema.Struct({
  portfolioId: PortfolioScope,
  baseCurrency: Currency,
  costBasisMethod: Schema.NullOr(CostBasisMethod).annotations({
    description: "Null for all portfolios together: each is valued under its own method"
  }),
  asOf: Timestamp,
  rounding: Rounding,
  items: Schema.Array(Holding),
  cash: Schema.Array(CashHolding),
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
  ...ValuationParams.fields,
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

/** A figure that has no value, and why (it is null in the answer). */
export const UnavailableFigure = Schema.Struct({
  figure: Schema.String,
  reason: Schema.String
}).annotations({ identifier: "UnavailableFigure" })

/** The benchmark's return over the same points, in the base currency, and the difference. */
export const BenchmarkPerformance = Schema.Struct({
  symbol: InstrumentSymbol,
  points: Schema.Array(
    Schema.Struct({
      time: Timestamp,
      cumulativeReturnPercent: Schema.NullOr(Amount)
    })
  ),
  returnPercent: Schema.NullOr(Amount).annotations({
    description: "The benchmark's return over the range (its price in the base currency)"
  }),
  excessReturnPercent: Schema.NullOr(Amount).annotations({
    description: "The portfolio's time-weighted return less the benchmark's, in percentage points"
  })
}).annotations({ identifier: "BenchmarkPerformance" })
export type BenchmarkPerformance = typeof BenchmarkPerformance.Type

export const Performance = Schema.Struct({
  portfolioId: PortfolioScope,
  baseCurrency: Currency,
  from: Timestamp,
  to: Timestamp,
  interval: PerformanceInterval,
  rounding: Rounding,
  points: Schema.Array(PerformancePoint),
  startValue: Amount,
  endValue: Amount,
  netContributions: Amount.annotations({
    description: "External flows over the range: money put in less money taken out"
  }),
  timeWeightedReturnPercent: Schema.NullOr(Amount).annotations({
    description:
      "Time-weighted return over the range, not annualised: sub-periods between external flows linked, each flow at its own time"
  }),
  annualisedTimeWeightedReturnPercent: Schema.NullOr(Amount).annotations({
    description: "The same, per year; null for ranges shorter than a year"
  }),
  moneyWeightedReturnPercent: Schema.NullOr(Amount).annotations({
    description:
      "Money-weighted return (internal rate of return of the range's flows, each at its own time) over the range, not annualised"
  }),
  annualisedMoneyWeightedReturnPercent: Schema.NullOr(Amount).annotations({
    description: "The same per year (XIRR); null for ranges shorter than a year"
  }),
  maxDrawdownPercent: Schema.NullOr(Amount).annotations({
    description: "Largest fall of the time-weighted index from a previous peak"
  }),
  benchmark: Schema.NullOr(BenchmarkPerformance).annotations({
    description: "Null when the portfolio has no benchmark or it has no prices in the range"
  }),
  unavailable: Schema.Array(UnavailableFigure).annotations({
    description: "The figures above that are null, with the reason"
  }),
  missingPrices: Schema.Array(InstrumentSymbol).annotations({
    description: "Symbols valued at their last trade price (or cost) for want of market prices"
  })
}).annotations({ identifier: "Performance" })
export type Performance = typeof Performance.Type

/** Units bought or transferred in together and still held (first in, first out). */
export const OpenLot = Schema.Struct({
  portfolioId: PortfolioId,
  openedAt: Timestamp,
  quantity: Amount,
  costBasis: Amount.annotations({ description: "What the units cost, fees included" }),
  unitCost: Amount
}).annotations({ identifier: "OpenLot" })
export type OpenLot = typeof OpenLot.Type

/** A sale with what it realised, under its portfolio's cost basis method. */
export const RealizedSale = Schema.Struct({
  portfolioId: PortfolioId,
  time: Timestamp,
  quantity: Amount,
  proceeds: Amount,
  cost: Amount.annotations({ description: "What the units sold cost, buy fees left out" }),
  realizedPnl: Amount,
  realizedPnlNet: Amount.annotations({ description: "After the sale's fee and the buy fees" })
}).annotations({ identifier: "RealizedSale" })
export type RealizedSale = typeof RealizedSale.Type

export const DividendReceived = Schema.Struct({
  portfolioId: PortfolioId,
  time: Timestamp,
  gross: Amount,
  withheld: Amount,
  net: Amount
}).annotations({ identifier: "DividendReceived" })
export type DividendReceived = typeof DividendReceived.Type

/** The position's price and its benchmark's since its first entry, both in the base currency. */
export const PositionComparison = Schema.Struct({
  since: Timestamp,
  priceReturnPercent: Schema.NullOr(Amount),
  benchmark: InstrumentSymbol,
  benchmarkReturnPercent: Schema.NullOr(Amount)
}).annotations({ identifier: "PositionComparison" })

/** One security of a portfolio (or of all of them): its figures, open lots, sales and dividends. */
export const PositionDetail = Schema.Struct({
  portfolioId: PortfolioScope,
  baseCurrency: Currency,
  rounding: Rounding,
  holding: Holding,
  lots: Schema.Array(OpenLot),
  sales: Schema.Array(RealizedSale),
  dividends: Schema.Array(DividendReceived),
  comparison: Schema.NullOr(PositionComparison).annotations({
    description: "Null without a benchmark or without its prices"
  })
}).annotations({ identifier: "PositionDetail" })
export type PositionDetail = typeof PositionDetail.Type
