import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser, TransactionPage } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { preEncodedJson } from "../Http/PreEncodedJson.js"
import { Transactions } from "./Transactions.js"

export const TransactionsHttpLive = HttpApiBuilder.group(Api, "transactions", (handlers) =>
  Effect.gen(function* () {
    const transactions = yield* Transactions
    return handlers
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          Effect.map(transactions.list(userId, urlParams), (page) =>
            preEncodedJson(TransactionPage, page)
          )
        )
      )
      .handle("create", ({ payload, headers }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          transactions.create(userId, payload, Option.fromNullable(headers["idempotency-key"]))
        )
      )
      .handle("get", ({ path }) =>
        Effect.flatMap(CurrentUser, ({ userId }) => transactions.get(userId, path.transactionId))
      )
      .handle("update", ({ path, payload }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          transactions.update(userId, path.transactionId, payload)
        )
      )
      .handle("delete", ({ path }) =>
        Effect.flatMap(CurrentUser, ({ userId }) => transactions.remove(userId, path.transactionId))
      )
  })
)
