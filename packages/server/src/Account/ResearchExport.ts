import {
  Backtest,
  ParameterSearch,
  ResearchDocumentWithDrafts,
  Signal,
  SignalWebhook,
  Strategy,
  StrategyVersion,
  type UserId,
  Watch
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import type { Cursor } from "../Database/KeysetCursor.js"
import { DocumentsRepo } from "../Research/DocumentsRepo.js"
import { SignalsRepo } from "../Signals/SignalsRepo.js"
import { WatchesRepo } from "../Signals/WatchesRepo.js"
import { WebhooksRepo } from "../Signals/WebhooksRepo.js"
import { BacktestsRepo } from "../Strategies/BacktestsRepo.js"
import { SearchesRepo } from "../Strategies/SearchesRepo.js"
import { StrategiesRepo } from "../Strategies/StrategiesRepo.js"

const encode = Schema.encodeSync(
  Schema.Struct({
    strategies: Schema.Array(
      Schema.Struct({ ...Strategy.fields, versions: Schema.Array(StrategyVersion) })
    ),
    backtests: Schema.Array(Backtest),
    parameterSearches: Schema.Array(ParameterSearch),
    documents: Schema.Array(ResearchDocumentWithDrafts),
    watches: Schema.Array(Watch),
    signals: Schema.Array(Signal),
    signalWebhook: SignalWebhook
  })
)

const SIGNALS_PAGE = 1000

/**
 * The account's research, in the API's own formats: strategies with every version, backtests
 * and searches (their figures; a report is made again from the same inputs), documents with
 * their drafts (the files themselves are at the Librarian), watches, every signal, and the
 * webhook's host (never its address).
 */
export const researchExport = (userId: UserId) =>
  Effect.gen(function* () {
    const strategiesRepo = yield* StrategiesRepo
    const documentsRepo = yield* DocumentsRepo
    const signalsRepo = yield* SignalsRepo
    const strategies = yield* Effect.forEach(yield* strategiesRepo.list(userId), (strategy) =>
      Effect.map(strategiesRepo.versions(userId, strategy.id), (versions) => ({
        ...strategy,
        versions
      }))
    ).pipe(Effect.orDie)
    const documents = yield* Effect.forEach(yield* documentsRepo.list(userId), (document) =>
      Effect.map(documentsRepo.drafts(userId, document.id), (strategyDrafts) => ({
        ...document,
        strategyDrafts
      }))
    ).pipe(Effect.orDie)
    const signals: Array<Signal> = []
    let after: Cursor | undefined
    for (;;) {
      const page = yield* signalsRepo.page(userId, undefined, SIGNALS_PAGE, after)
      signals.push(...page.slice(0, SIGNALS_PAGE))
      const last = page[SIGNALS_PAGE - 1]
      if (page.length <= SIGNALS_PAGE || last === undefined) break
      after = { at: last.barTime, id: last.id }
    }
    return encode({
      strategies,
      backtests: yield* (yield* BacktestsRepo).list(userId, undefined),
      parameterSearches: yield* (yield* SearchesRepo).list(userId, undefined),
      documents,
      watches: yield* (yield* WatchesRepo).all(userId),
      signals,
      signalWebhook: yield* (yield* WebhooksRepo).describe(userId)
    })
  }).pipe(Effect.withSpan("researchExport"))
