import { HttpApi, type HttpApiGroup, OpenApi } from "@effect/platform"
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
import { MarketApi } from "./MarketApi.js"
import { PortfoliosApi } from "./PortfoliosApi.js"
import { TransactionsApi } from "./TransactionsApi.js"
import { UsersApi } from "./UsersApi.js"

/** What every operation may answer, the prefix, and the document's title. */
export const finishApi = <Groups extends HttpApiGroup.HttpApiGroup.Any, E, R>(
  api: HttpApi.HttpApi<"trading-app", Groups, E, R>
) =>
  api
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
    )

/**
 * The groups the web app's first screens call. The account page and the assistant have clients of
 * their own (`AccountClientApi`, `AssistantClientApi`), loaded with them; the whole is `Api`.
 */
export const appGroups = HttpApi.make("trading-app")
  .add(HealthApi)
  .add(AuthApi)
  .add(UsersApi)
  .add(PortfoliosApi)
  .add(TransactionsApi)
  .add(MarketApi)
  .add(EventsApi)

/** The API a trader's web app calls; the staff's part is `StaffApi`, the whole is `Api`. */
export class AppApi extends finishApi(appGroups) {}
