import {
  type Etag,
  HttpApiBuilder,
  HttpApiScalar,
  type HttpPlatform,
  HttpServer
} from "@effect/platform"
import type { NodeContext } from "@effect/platform-node"
import { Api } from "@trading-app/domain"
import { Effect, Layer } from "effect"
import { AccountExportsRepo } from "../Account/AccountExportsRepo.js"
import { AccountHttpLive } from "../Account/Http.js"
import { AdminUsers } from "../Admin/AdminUsers.js"
import { AdminHttpLive } from "../Admin/Http.js"
import { AppConfig } from "../AppConfig.js"
import { Assistant } from "../Assistant/Assistant.js"
import { AssistantHttpLive } from "../Assistant/Http.js"
import { Auth } from "../Auth/Auth.js"
import { AuthenticationLive } from "../Auth/AuthenticationLive.js"
import { AuthHttpLive } from "../Auth/Http.js"
import { PasswordReset } from "../Auth/PasswordReset.js"
import { BotsRepo } from "../Bots/BotsRepo.js"
import { BotsHttpLive } from "../Bots/Http.js"
import { Engine } from "../Engine/Engine.js"
import { EngineRepo } from "../Engine/EngineRepo.js"
import { GroupsRepo } from "../Engine/GroupsRepo.js"
import { GroupsHttpLive } from "../Engine/Http.js"
import { EventHub } from "../Events/EventHub.js"
import { EventsRepo } from "../Events/EventsRepo.js"
import { EventsHttpLive } from "../Events/Http.js"
import { Connections } from "../Exchanges/Connections.js"
import { ConnectionsHttpLive } from "../Exchanges/Http.js"
import { GridsHttpLive } from "../Execution/Http.js"
import { HealthHttpLive } from "../Health/Http.js"
import { HooksRepo } from "../Hooks/HooksRepo.js"
import { HooksHttpLive, TradingViewHttpLive } from "../Hooks/Http.js"
import { ImportsHttpLive } from "../Imports/Http.js"
import { Imports } from "../Imports/Imports.js"
import { ImportsRepo } from "../Imports/ImportsRepo.js"
import { JobsLive } from "../Jobs/JobsLive.js"
import { Librarian } from "../Librarian/Librarian.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { LogsHttpLive } from "../Logs/Http.js"
import { LogsRepo } from "../Logs/LogsRepo.js"
import { SystemLogLive } from "../Logs/SystemLog.js"
import { MarketDataContractLive } from "../MarketData/Contract.js"
import { MarketHttpLive } from "../MarketData/Http.js"
import { MarketData } from "../MarketData/MarketData.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { MetricsServerLive } from "../Observability/MetricsServer.js"
import { TracingLive } from "../Observability/Tracing.js"
import { Dashboard } from "../Operations/Dashboard.js"
import { OperationsHttpLive } from "../Operations/Http.js"
import { ReplicaReporterLive } from "../Operations/ReplicaReporter.js"
import { OrdersHttpLive } from "../Orders/Http.js"
import { ManualOrders } from "../Orders/ManualOrders.js"
import { PortfoliosHttpLive } from "../Portfolios/Http.js"
import { Portfolios } from "../Portfolios/Portfolios.js"
import { PortfoliosRepo } from "../Portfolios/PortfoliosRepo.js"
import { Admission } from "../RateLimit/Admission.js"
import { Documents } from "../Research/Documents.js"
import { DocumentsRepo } from "../Research/DocumentsRepo.js"
import { DocumentsHttpLive } from "../Research/Http.js"
import { RiskHttpLive } from "../Risk/Http.js"
import { KillSwitchService } from "../Risk/KillSwitchService.js"
import { RiskService } from "../Risk/RiskService.js"
import { SignalsHttpLive } from "../Signals/Http.js"
import { Watches } from "../Signals/Watches.js"
import { Backtests } from "../Strategies/Backtests.js"
import { BacktestsRepo } from "../Strategies/BacktestsRepo.js"
import {
  BacktestsHttpLive,
  IndicatorsHttpLive,
  SearchesHttpLive,
  StrategiesHttpLive
} from "../Strategies/Http.js"
import { IndicatorLinesService } from "../Strategies/IndicatorLines.js"
import { Searches } from "../Strategies/Searches.js"
import { SearchesRepo } from "../Strategies/SearchesRepo.js"
import { StrategiesRepo } from "../Strategies/StrategiesRepo.js"
import { TransactionsHttpLive } from "../Transactions/Http.js"
import { Transactions } from "../Transactions/Transactions.js"
import { AccountSettings } from "../Users/AccountSettings.js"
import { UsersHttpLive } from "../Users/Http.js"
import { Valuation } from "../Valuation/Valuation.js"
import { Draining } from "./Draining.js"
import { appMiddleware } from "./Middleware.js"
import { drainingNodeServer } from "./NodeServer.js"
import { WebAppLive } from "./WebApp.js"

/** The API with every group's handlers; needs a SqlClient and the AppConfig. */
export const ApiLive = HttpApiBuilder.api(Api).pipe(
  Layer.provide([
    AuthHttpLive,
    UsersHttpLive,
    AccountHttpLive,
    PortfoliosHttpLive,
    TransactionsHttpLive,
    ImportsHttpLive,
    StrategiesHttpLive,
    BacktestsHttpLive,
    IndicatorsHttpLive,
    DocumentsHttpLive,
    SearchesHttpLive,
    SignalsHttpLive,
    GridsHttpLive,
    ConnectionsHttpLive,
    BotsHttpLive,
    GroupsHttpLive,
    HooksHttpLive,
    TradingViewHttpLive,
    RiskHttpLive,
    OrdersHttpLive,
    MarketHttpLive,
    AssistantHttpLive,
    EventsHttpLive,
    AdminHttpLive,
    LogsHttpLive,
    OperationsHttpLive,
    HealthHttpLive
  ]),
  Layer.provide(AuthenticationLive),
  Layer.provide([KillSwitchService.Default, RiskService.Default]),
  Layer.provide([
    Backtests.Default,
    Documents.Default,
    Searches.Default,
    Watches.Default,
    Connections.Default,
    BotsRepo.Default,
    GroupsRepo.Default,
    HooksRepo.Default,
    Engine.Default,
    EngineRepo.Default,
    ManualOrders.Default
  ]),
  Layer.provideMerge(MetricsServerLive),
  Layer.provideMerge(JobsLive),
  Layer.provideMerge(Librarian.Default),
  Layer.provide([
    Auth.Default,
    PortfoliosRepo.Default,
    Portfolios.Default,
    Transactions.Default,
    MarketData.Default,
    Valuation.Default,
    Assistant.Default,
    EventHub.Default,
    EventsRepo.Default,
    Admission.Default,
    AdminUsers.Default,
    AuditLog.Default,
    LogsRepo.Default,
    Dashboard.Default,
    AccountExportsRepo.Default,
    AccountSettings.Default,
    PasswordReset.Default,
    Imports.Default,
    ImportsRepo.Default,
    StrategiesRepo.Default,
    BacktestsRepo.Default,
    IndicatorLinesService.Default,
    DocumentsRepo.Default,
    SearchesRepo.Default,
    MarketDataRepo.Default
  ]),
  // Merged: the HTTP server, built above, signals it when it starts draining.
  Layer.provideMerge(Draining.Default),
  Layer.provide(MarketDataContractLive)
)

/**
 * The routes (API, OpenAPI document, docs, and the web app when WEB_ROOT is set) behind the app-wide middleware, served on `server`.
 * The server layer is built only once the whole app is (database, services, handlers): a listener
 * opened earlier would accept connections that no handler ever answers. The middleware wraps the
 * whole app, not the server, so it sees what the API could not encode and can still change the
 * response before it is sent.
 */
export const serveApi = <ROut, E, R>(
  server: Layer.Layer<
    | ROut
    | HttpServer.HttpServer
    | HttpPlatform.HttpPlatform
    | Etag.Generator
    | NodeContext.NodeContext,
    E,
    R
  >
) =>
  Layer.unwrapEffect(
    Effect.map(Effect.all([HttpApiBuilder.httpApp, AppConfig]), ([app, config]) =>
      HttpServer.serve(appMiddleware(app, config)).pipe(
        HttpServer.withLogAddress,
        Layer.provideMerge(server)
      )
    )
  ).pipe(
    Layer.provide(WebAppLive),
    Layer.provide([HttpApiBuilder.Router.Live, HttpApiBuilder.Middleware.layer]),
    Layer.provide(HttpApiScalar.layer({ path: "/api/docs" })),
    Layer.provide(HttpApiBuilder.middlewareOpenApi({ path: "/api/openapi.json" })),
    // Merged, so the metrics server's address is there for whoever runs the app.
    Layer.provideMerge(ApiLive),
    Layer.provide(TracingLive),
    Layer.provide(ReplicaReporterLive("app")),
    // Built first: warnings and errors from here on reach the system log.
    Layer.provide(SystemLogLive)
  )

/** The Node HTTP server on the configured host and port, draining on shutdown. */
export const NodeServerLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    drainingNodeServer({ host: config.host, port: config.port }, config.shutdownGrace)
  )
)

export const ServerLive = serveApi(NodeServerLive)
