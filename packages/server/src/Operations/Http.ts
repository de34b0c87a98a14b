import { HttpApiBuilder } from "@effect/platform"
import { Api } from "@trading-app/domain"
import { Effect } from "effect"
import { Dashboard } from "./Dashboard.js"

export const OperationsHttpLive = HttpApiBuilder.group(Api, "operations", (handlers) =>
  Effect.map(Dashboard, (dashboard) => handlers.handle("dashboard", () => dashboard.dashboard))
)
