import { Schema } from "effect"
import { Currency, currency } from "./Currency.js"
import { PortfolioId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

export const PortfolioName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "Name must not be empty" }),
  Schema.maxLength(100, { message: () => "Name must be at most 100 characters" })
).annotations({ identifier: "PortfolioName" })

/** How the cost of sold units is determined: first in, first out, or the running average. */
export const CostBasisMethod = Schema.Literal("fifo", "average").annotations({
  identifier: "CostBasisMethod",
  message: () => 'Cost basis method must be "fifo" or "average"'
})
export type CostBasisMethod = typeof CostBasisMethod.Type

export const Portfolio = Schema.Struct({
  id: PortfolioId,
  name: Schema.String,
  baseCurrency: Currency,
  costBasisMethod: CostBasisMethod,
  benchmark: Schema.NullOr(InstrumentSymbol).annotations({
    description: "The instrument performance is compared with; null for none"
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Portfolio" })
export type Portfolio = typeof Portfolio.Type

export const PortfolioList = Schema.Struct({ items: Schema.Array(Portfolio) }).annotations({
  identifier: "PortfolioList"
})

export const CreatePortfolio = strictStruct("CreatePortfolio", {
  name: PortfolioName,
  baseCurrency: Schema.optionalWith(Currency, { default: () => currency("USD") }),
  costBasisMethod: Schema.optionalWith(CostBasisMethod, { default: () => "fifo" as const }),
  benchmark: Schema.optional(Schema.NullOr(InstrumentSymbol)).annotations({
    description: "Default: SPY where the market data has it; null for none"
  })
})
export type CreatePortfolio = typeof CreatePortfolio.Type

export const UpdatePortfolio = strictStruct("UpdatePortfolio", {
  name: Schema.optional(PortfolioName),
  baseCurrency: Schema.optional(Currency),
  costBasisMethod: Schema.optional(CostBasisMethod),
  benchmark: Schema.optional(Schema.NullOr(InstrumentSymbol))
})
export type UpdatePortfolio = typeof UpdatePortfolio.Type
