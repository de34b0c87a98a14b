import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { Authentication, requires } from "./Authentication.js"
import { Conflict, NotFound, Unprocessable, ValidationError } from "./Errors.js"
import { PortfolioId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { CreatePortfolio, Portfolio, PortfolioList, UpdatePortfolio } from "./Portfolio.js"
import {
  Holdings,
  Performance,
  PerformanceParams,
  PortfolioScope,
  PositionDetail,
  ValuationParams
} from "./Valuation.js"

const portfolioId = HttpApiSchema.param("portfolioId", PortfolioId)
const portfolioScope = HttpApiSchema.param("portfolioId", PortfolioScope)
const positionSymbol = HttpApiSchema.param("symbol", InstrumentSymbol)

export const DeletePortfolioParams = Schema.Struct({
  force: Schema.optionalWith(Schema.BooleanFromString, { default: () => false }).annotations({
    description: "Also delete the portfolio's transactions"
  })
})

export class PortfoliosApi extends HttpApiGroup.make("portfolios")
  .add(
    HttpApiEndpoint.get("list", "/")
      .addSuccess(PortfolioList)
      .annotate(OpenApi.Summary, "List your portfolios")
  )
  .add(
    HttpApiEndpoint.post("create", "/")
      .setPayload(CreatePortfolio)
      .addSuccess(Portfolio, { status: 201 })
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Create a portfolio")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("get")`/${portfolioId}`
      .addSuccess(Portfolio)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Get a portfolio")
  )
  .add(
    HttpApiEndpoint.patch("update")`/${portfolioId}`
      .setPayload(UpdatePortfolio)
      .addSuccess(Portfolio)
      .addError(NotFound)
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(
        OpenApi.Summary,
        "Rename a portfolio, change its base currency, cost basis method or benchmark"
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("delete")`/${portfolioId}`
      .setUrlParams(DeletePortfolioParams)
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .addError(Conflict)
      .annotate(OpenApi.Summary, "Delete a portfolio")
      .annotate(
        OpenApi.Description,
        "A portfolio that holds transactions is only deleted with force=true, together with its transactions."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("holdings")`/${portfolioScope}/holdings`
      .setUrlParams(ValuationParams)
      .addSuccess(Holdings)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Holdings with cost basis, market value and P&L")
      .annotate(
        OpenApi.Description,
        "Computed from the whole ledger on every request with the portfolio's cost basis method; totals in the base currency (or `currency`). The portfolio id `all` values all your portfolios together. A missing price or FX rate is reported on its row, never valued as zero."
      )
  )
  .add(
    HttpApiEndpoint.get("performance")`/${portfolioScope}/performance`
      .setUrlParams(PerformanceParams)
      .addSuccess(Performance)
      .addError(NotFound)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "Value over time, time- and money-weighted returns, drawdown")
  )
  .add(
    HttpApiEndpoint.get("position")`/${portfolioScope}/positions/${positionSymbol}`
      .setUrlParams(ValuationParams)
      .addSuccess(PositionDetail)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "One security: figures, open lots, sales, dividends, benchmark")
  )
  .middleware(Authentication)
  .prefix("/portfolios")
  .annotate(OpenApi.Title, "Portfolios") {}
