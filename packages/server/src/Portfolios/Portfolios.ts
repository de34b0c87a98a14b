import {
  type CreatePortfolio,
  type InstrumentSymbol,
  type PortfolioId,
  Unprocessable,
  type UpdatePortfolio,
  type UserId
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { PortfoliosRepo } from "./PortfoliosRepo.js"

/** The benchmark a portfolio gets when none is chosen, where the market data has it. */
export const DEFAULT_BENCHMARK = "SPY" as InstrumentSymbol

/** Portfolios with their benchmark: a known instrument, SPY by default where it exists. */
export class Portfolios extends Effect.Service<Portfolios>()("Portfolios", {
  effect: Effect.gen(function* () {
    const repo = yield* PortfoliosRepo
    const market = yield* MarketDataRepo

    const known = (symbol: InstrumentSymbol) => Effect.map(market.instrument(symbol), Option.isSome)

    /** A chosen benchmark checked against the market data (null: none). */
    const checked = (benchmark: InstrumentSymbol | null) =>
      benchmark === null
        ? Effect.succeed(null)
        : Effect.flatMap(known(benchmark), (ok) =>
            ok
              ? Effect.succeed(benchmark)
              : Effect.fail(
                  Unprocessable.field(
                    ["benchmark"],
                    `Unknown instrument ${benchmark}; search the instruments for its symbol`
                  )
                )
          )

    const defaultBenchmark = Effect.map(known(DEFAULT_BENCHMARK), (ok) =>
      ok ? DEFAULT_BENCHMARK : null
    )

    const create = (userId: UserId, input: CreatePortfolio) =>
      Effect.gen(function* () {
        const benchmark =
          input.benchmark === undefined ? yield* defaultBenchmark : yield* checked(input.benchmark)
        return yield* repo.insert(userId, { ...input, benchmark })
      })

    /** A new user's first portfolio, with the default benchmark. */
    const createFirst = (userId: UserId, input: Omit<CreatePortfolio, "benchmark">) =>
      Effect.flatMap(defaultBenchmark, (benchmark) => repo.insert(userId, { ...input, benchmark }))

    const update = (userId: UserId, id: PortfolioId, patch: UpdatePortfolio) =>
      Effect.gen(function* () {
        if (patch.benchmark !== undefined) yield* checked(patch.benchmark)
        return yield* repo.update(userId, id, patch)
      })

    return { create, createFirst, update } as const
  }),
  dependencies: [PortfoliosRepo.Default, MarketDataRepo.Default]
}) {}
