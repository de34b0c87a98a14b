import { HttpApi, OpenApi } from "@effect/platform"
import { AccountApi } from "./AccountApi.js"
import { AdminApi } from "./AdminApi.js"
import { AssistantApi } from "./AssistantApi.js"
import { AuthApi } from "./AuthApi.js"
import {
  InternalServerError,
  PayloadTooLarge,
  TemporarilyUnavailable,
  UnsupportedMediaType,
  ValidationError
} from "./Errors.js"
import { EventsApi } from "./EventsApi.js"
import { HealthApi } from "./HealthApi.js"
import { LogsApi } from "./LogsApi.js"
import { MarketApi } from "./MarketApi.js"
import { OperationsApi } from "./OperationsApi.js"
import { PortfoliosApi } from "./PortfoliosApi.js"
import { TransactionsApi } from "./TransactionsApi.js"
import { UsersApi } from "./UsersApi.js"

/** The whole HTTP API, served under /api. */
export class Api extends HttpApi.make("trading-app")
  .add(HealthApi)
  .add(AuthApi)
  .add(UsersApi)
  .add(AccountApi)
  .add(PortfoliosApi)
  .add(TransactionsApi)
  .add(MarketApi)
  .add(AssistantApi)
  .add(EventsApi)
  .add(AdminApi)
  .add(LogsApi)
  .add(OperationsApi)
  .addError(ValidationError)
  .addError(PayloadTooLarge)
  .addError(UnsupportedMediaType)
  .addError(TemporarilyUnavailable)
  .addError(InternalServerError)
  .prefix("/api")
  .annotate(OpenApi.Title, "trading-app API")
  .annotate(OpenApi.Version, "0.1.0")
  .annotate(
    OpenApi.Description,
    "Portfolios and trades of a trader. Amounts are exact decimal strings; times are ISO 8601."
  ) {}
