import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { KillSwitchService } from "./KillSwitchService.js"

export const RiskHttpLive = HttpApiBuilder.group(Api, "risk", (handlers) =>
  Effect.gen(function* () {
    const switches = yield* KillSwitchService
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("killSwitches", () => Effect.flatMap(user, switches.state))
      .handle("setKillSwitch", ({ payload }) =>
        Effect.flatMap(user, (userId) => switches.set(userId, userId, payload))
      )
      .handle("setGlobalKillSwitch", ({ payload }) =>
        Effect.flatMap(user, (userId) => switches.set(null, userId, payload))
      )
  })
)
