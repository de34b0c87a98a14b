import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { KillSwitchService } from "./KillSwitchService.js"
import { RiskService } from "./RiskService.js"

export const RiskHttpLive = HttpApiBuilder.group(Api, "risk", (handlers) =>
  Effect.gen(function* () {
    const switches = yield* KillSwitchService
    const risk = yield* RiskService
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("overview", () => Effect.flatMap(user, risk.overview))
      .handle("setLimits", ({ payload }) =>
        Effect.flatMap(user, (userId) => risk.setLimits(userId, payload))
      )
      .handle("dropQueued", ({ path }) =>
        Effect.flatMap(user, (userId) => risk.dropQueued(userId, path.signalId))
      )
      .handle("killSwitches", () => Effect.flatMap(user, switches.state))
      .handle("setKillSwitch", ({ payload }) =>
        Effect.flatMap(user, (userId) => switches.set(userId, userId, payload))
      )
      .handle("setGlobalKillSwitch", ({ payload }) =>
        Effect.flatMap(user, (userId) => switches.set(null, userId, payload))
      )
  })
)
