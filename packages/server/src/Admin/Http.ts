import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser, TransactionPage } from "@trading-app/domain"
import { Effect } from "effect"
import { preEncodedJson } from "../Http/PreEncodedJson.js"
import { PortfoliosRepo } from "../Portfolios/PortfoliosRepo.js"
import { Transactions } from "../Transactions/Transactions.js"
import { Valuation } from "../Valuation/Valuation.js"
import { AdminUsers } from "./AdminUsers.js"

export const AdminHttpLive = HttpApiBuilder.group(Api, "admin", (handlers) =>
  Effect.gen(function* () {
    const admin = yield* AdminUsers
    const portfolios = yield* PortfoliosRepo
    const transactions = yield* Transactions
    const valuation = yield* Valuation
    const asActor = <A, E, R>(
      f: (actor: (typeof CurrentUser.Service)["userId"]) => Effect.Effect<A, E, R>
    ) => Effect.flatMap(CurrentUser, ({ userId }) => f(userId))
    return handlers
      .handle("users", ({ urlParams }) => admin.search(urlParams))
      .handle("user", ({ path }) => admin.find(path.userId))
      .handle("setRole", ({ path, payload }) =>
        asActor((actor) => admin.setRole(actor, path.userId, payload.role))
      )
      .handle("disable", ({ path }) => asActor((actor) => admin.disable(actor, path.userId)))
      .handle("enable", ({ path }) => asActor((actor) => admin.enable(actor, path.userId)))
      .handle("unlock", ({ path }) => asActor((actor) => admin.unlock(actor, path.userId)))
      .handle("sessions", ({ path }) => admin.sessions(path.userId))
      .handle("endSessions", ({ path }) =>
        asActor((actor) => admin.signOutEverywhere(actor, path.userId))
      )
      .handle("portfolios", ({ path }) =>
        asActor((actor) =>
          admin.viewing(
            actor,
            path.userId,
            { viewed: "portfolios" },
            Effect.map(portfolios.list(path.userId), (items) => ({ items }))
          )
        )
      )
      .handle("holdings", ({ path, urlParams }) =>
        asActor((actor) =>
          admin.viewing(
            actor,
            path.userId,
            { viewed: "holdings", portfolioId: path.portfolioId },
            valuation.holdings(path.userId, path.portfolioId, urlParams)
          )
        )
      )
      .handle("transactions", ({ path, urlParams }) =>
        asActor((actor) =>
          admin.viewing(
            actor,
            path.userId,
            { viewed: "transactions", portfolioId: urlParams.portfolioId ?? "all" },
            Effect.map(transactions.list(path.userId, urlParams), (page) =>
              preEncodedJson(TransactionPage, page)
            )
          )
        )
      )
  })
)
