import { Schema } from "effect"
import { Currency, currency } from "./Currency.js"
import { PortfolioId } from "./Ids.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

export const PortfolioName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "Name must not be empty" }),
  Schema.maxLength(100, { message: () => "Name must be at most 100 characters" })
).annotations({ identifier: "PortfolioName" })

export const Portfolio = Schema.Struct({
  id: PortfolioId,
  name: Schema.String,
  baseCurrency: Currency,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Portfolio" })
export type Portfolio = typeof Portfolio.Type

export const PortfolioList = Schema.Struct({ items: Schema.Array(Portfolio) }).annotations({
  identifier: "PortfolioList"
})

export const CreatePortfolio = strictStruct("CreatePortfolio", {
  name: PortfolioName,
  baseCurrency: Schema.optionalWith(Currency, { default: () => currency("USD") })
})
export type CreatePortfolio = typeof CreatePortfolio.Type

export const UpdatePortfolio = strictStruct("UpdatePortfolio", {
  name: Schema.optional(PortfolioName),
  baseCurrency: Schema.optional(Currency)
})
export type UpdatePortfolio = typeof UpdatePortfolio.Type
