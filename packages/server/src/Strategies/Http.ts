import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser, STRATEGY_TEMPLATES } from "@trading-app/domain"
import { Effect } from "effect"
import { withRetryAfter } from "../Http/RetryAfter.js"
import { Backtests } from "./Backtests.js"
import { BacktestsRepo } from "./BacktestsRepo.js"
import { IndicatorLinesService } from "./IndicatorLines.js"
import { Searches } from "./Searches.js"
import { SearchesRepo } from "./SearchesRepo.js"
import { StrategiesRepo } from "./StrategiesRepo.js"

export const StrategiesHttpLive = HttpApiBuilder.group(Api, "strategies", (handlers) =>
  Effect.gen(function* () {
    const repo = yield* StrategiesRepo
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("templates", () => Effect.succeed({ items: STRATEGY_TEMPLATES }))
      .handle("list", () =>
        Effect.flatMap(user, (userId) => Effect.map(repo.list(userId), (items) => ({ items })))
      )
      .handle("create", ({ payload }) =>
        Effect.flatMap(user, (userId) => repo.create(userId, payload))
      )
      .handle("get", ({ path }) =>
        Effect.flatMap(user, (userId) => repo.find(userId, path.strategyId))
      )
      .handle("versions", ({ path }) =>
        Effect.flatMap(user, (userId) =>
          Effect.map(repo.versions(userId, path.strategyId), (items) => ({ items }))
        )
      )
      .handle("update", ({ path, payload }) =>
        Effect.flatMap(user, (userId) => repo.update(userId, path.strategyId, payload))
      )
      .handle("delete", ({ path }) =>
        Effect.flatMap(user, (userId) => repo.remove(userId, path.strategyId))
      )
  })
)

export const BacktestsHttpLive = HttpApiBuilder.group(Api, "backtests", (handlers) =>
  Effect.gen(function* () {
    const backtests = yield* Backtests
    const repo = yield* BacktestsRepo
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("create", ({ payload }) =>
        Effect.flatMap(user, (userId) => backtests.create(userId, payload)).pipe(withRetryAfter)
      )
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(user, (userId) =>
          Effect.map(repo.list(userId, urlParams.strategyId), (items) => ({ items }))
        )
      )
      .handle("get", ({ path }) =>
        Effect.flatMap(user, (userId) =>
          Effect.zipWith(
            repo.find(userId, path.backtestId),
            repo.report(userId, path.backtestId),
            (backtest, report) => ({ ...backtest, report })
          )
        )
      )
      .handle("delete", ({ path }) =>
        Effect.flatMap(user, (userId) => repo.remove(userId, path.backtestId))
      )
  })
)

export const IndicatorsHttpLive = HttpApiBuilder.group(Api, "indicators", (handlers) =>
  Effect.map(IndicatorLinesService, (service) =>
    handlers.handle("lines", ({ path, payload }) => service.lines(path.symbol, payload))
  )
)

export const SearchesHttpLive = HttpApiBuilder.group(Api, "searches", (handlers) =>
  Effect.gen(function* () {
    const searches = yield* Searches
    const repo = yield* SearchesRepo
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("create", ({ payload }) =>
        Effect.flatMap(user, (userId) => searches.create(userId, payload)).pipe(withRetryAfter)
      )
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(user, (userId) =>
          Effect.map(repo.list(userId, urlParams.strategyId), (items) => ({ items }))
        )
      )
      .handle("get", ({ path }) =>
        Effect.flatMap(user, (userId) =>
          Effect.zipWith(
            repo.find(userId, path.searchId),
            repo.results(userId, path.searchId),
            (search, results) => ({ ...search, results })
          )
        )
      )
      .handle("delete", ({ path }) =>
        Effect.flatMap(user, (userId) => repo.remove(userId, path.searchId))
      )
  })
)
