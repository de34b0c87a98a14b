import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { cursorParam, pageOf } from "../Database/KeysetCursor.js"
import { ManualOrders } from "./ManualOrders.js"

export const OrdersHttpLive = HttpApiBuilder.group(Api, "orders", (handlers) =>
  Effect.gen(function* () {
    const orders = yield* ManualOrders
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("list", ({ urlParams }) =>
        Effect.gen(function* () {
          const userId = yield* user
          const after = yield* cursorParam(urlParams.cursor)
          const rows = yield* orders.page(userId, urlParams.limit, after)
          return pageOf(rows, urlParams.limit, (o) => ({ at: o.createdAt, id: o.id }))
        })
      )
      .handle("place", ({ payload }) =>
        Effect.flatMap(user, (userId) => orders.place(userId, payload))
      )
      .handle("cancel", ({ path }) =>
        Effect.flatMap(user, (userId) => orders.cancel(userId, path.orderId))
      )
  })
)
