import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { Watches } from "./Watches.js"

export const SignalsHttpLive = HttpApiBuilder.group(Api, "signals", (handlers) =>
  Effect.gen(function* () {
    const watches = yield* Watches
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("watch", ({ payload }) =>
        Effect.flatMap(user, (userId) => watches.start(userId, payload))
      )
      .handle("watches", () =>
        Effect.flatMap(user, (userId) => Effect.map(watches.list(userId), (items) => ({ items })))
      )
      .handle("updateWatch", ({ path, payload }) =>
        Effect.flatMap(user, (userId) =>
          watches.setWatchWebhook(userId, path.watchId, payload.webhook)
        )
      )
      .handle("stopWatch", ({ path }) =>
        Effect.flatMap(user, (userId) => watches.stop(userId, path.watchId))
      )
      .handle("deleteWatch", ({ path }) =>
        Effect.flatMap(user, (userId) => watches.remove(userId, path.watchId))
      )
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(user, (userId) => watches.page(userId, urlParams))
      )
      .handle("webhook", () => Effect.flatMap(user, watches.webhook))
      .handle("setWebhook", ({ payload }) =>
        Effect.flatMap(user, (userId) => watches.setWebhook(userId, payload))
      )
      .handle("removeWebhook", () => Effect.flatMap(user, watches.removeWebhook))
      .handle("testWebhook", () => Effect.flatMap(user, watches.testWebhook))
  })
)
