import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser, NotFound } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { AuditLog } from "../Logs/AuditLog.js"
import { Valuation } from "../Valuation/Valuation.js"
import { Portfolios } from "./Portfolios.js"
import { PortfoliosRepo } from "./PortfoliosRepo.js"

const orNotFound = Option.match({
  onNone: () => Effect.fail(new NotFound({ message: "Portfolio not found" })),
  onSome: Effect.succeed
})

export const PortfoliosHttpLive = HttpApiBuilder.group(Api, "portfolios", (handlers) =>
  Effect.gen(function* () {
    const repo = yield* PortfoliosRepo
    const portfolios = yield* Portfolios
    const valuation = yield* Valuation
    const audit = yield* AuditLog
    return handlers
      .handle("list", () =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          Effect.map(repo.list(userId), (items) => ({ items }))
        )
      )
      .handle("create", ({ payload }) =>
        Effect.flatMap(CurrentUser, ({ userId }) => portfolios.create(userId, payload))
      )
      .handle("get", ({ path }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          Effect.flatMap(repo.find(userId, path.portfolioId), orNotFound)
        )
      )
      .handle("update", ({ path, payload }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          portfolios.update(userId, path.portfolioId, payload)
        )
      )
      .handle("delete", ({ path, urlParams }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          audit
            .audited(
              repo.remove(userId, path.portfolioId, urlParams.force),
              "portfolio_deleted",
              (removed) => ({
                user: userId,
                category: "trading",
                target: `portfolio:${path.portfolioId}`,
                details: removed
              })
            )
            .pipe(Effect.asVoid)
        )
      )
      .handle("holdings", ({ path, urlParams }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          valuation.holdings(userId, path.portfolioId, urlParams)
        )
      )
      .handle("position", ({ path, urlParams }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          valuation.position(userId, path.portfolioId, path.symbol, urlParams)
        )
      )
      .handle("performance", ({ path, urlParams }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          valuation.performance(userId, path.portfolioId, urlParams)
        )
      )
  })
)
