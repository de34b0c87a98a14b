import { AccountApi } from "./AccountApi.js"
import { AdminApi } from "./AdminApi.js"
import { appGroups, finishApi } from "./AppApi.js"
import { AssistantApi } from "./AssistantApi.js"
import { BotsApi, GroupsApi, HooksApi, RiskApi, TradingViewApi } from "./EngineApi.js"
import { ConnectionsApi, GridsApi } from "./ExecutionApi.js"
import { ImportsApi } from "./ImportsApi.js"
import { LogsApi } from "./LogsApi.js"
import { OrdersApi } from "./ManualOrders.js"
import { OperationsApi } from "./OperationsApi.js"
import {
  BacktestsApi,
  DocumentsApi,
  IndicatorsApi,
  SearchesApi,
  StrategiesApi
} from "./ResearchApi.js"
import { SignalsApi } from "./SignalsApi.js"

/** The whole HTTP API, served under /api: `AppApi`'s groups and `StaffApi`'s. */
export class Api extends finishApi(
  appGroups
    .add(AccountApi)
    .add(AssistantApi)
    .add(ImportsApi)
    .add(StrategiesApi)
    .add(BacktestsApi)
    .add(IndicatorsApi)
    .add(DocumentsApi)
    .add(SearchesApi)
    .add(SignalsApi)
    .add(GridsApi)
    .add(ConnectionsApi)
    .add(BotsApi)
    .add(GroupsApi)
    .add(HooksApi)
    .add(RiskApi)
    .add(OrdersApi)
    .add(TradingViewApi)
    .add(AdminApi)
    .add(LogsApi)
    .add(OperationsApi)
) {}
