import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { Connections } from "./Connections.js"

export const ConnectionsHttpLive = HttpApiBuilder.group(Api, "connections", (handlers) =>
  Effect.gen(function* () {
    const connections = yield* Connections
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("list", () =>
        Effect.flatMap(user, (userId) =>
          Effect.map(connections.list(userId), (items) => ({ items }))
        )
      )
      .handle("create", ({ payload }) =>
        Effect.flatMap(user, (userId) => connections.create(userId, payload))
      )
      .handle("update", ({ path, payload }) =>
        Effect.flatMap(user, (userId) => connections.update(userId, path.connectionId, payload))
      )
      .handle("remove", ({ path }) =>
        Effect.flatMap(user, (userId) => connections.remove(userId, path.connectionId))
      )
      .handle("check", ({ path }) =>
        Effect.flatMap(user, (userId) => connections.check(userId, path.connectionId))
      )
  })
)
