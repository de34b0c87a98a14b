import {
  BacktestId,
  type CreateBacktest,
  StrategyDocument,
  type UserId,
  UserId as UserIdSchema
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { defineJob } from "../Jobs/JobDefinition.js"
import { JobQueue } from "../Jobs/JobQueue.js"
import { handle } from "../Jobs/Workers.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { yieldToEventLoop } from "../Valuation/Yield.js"
import { backtestSteps, NoBars } from "./Backtest.js"
import { BacktestsRepo } from "./BacktestsRepo.js"
import { CandleBudget } from "./CandleBudget.js"
import { candlesOf, checkRange, instrumentsOf, readBars } from "./Inputs.js"
import { contentHash, reportOf } from "./Report.js"
import { StrategiesRepo } from "./StrategiesRepo.js"

export const backtestJob = defineJob({
  name: "backtest",
  payload: Schema.Struct({ backtestId: BacktestId, userId: UserIdSchema }),
  // One more run if the worker died; a failure of the test itself is reported, not retried.
  settings: {
    retryLimit: 1,
    retryDelaySeconds: 5,
    expireInSeconds: 15 * 60,
    batchSize: 1,
    workers: 2
  }
})

const encodeDocument = Schema.encodeSync(StrategyDocument)
const decodeDocument = Schema.decodeUnknown(StrategyDocument)

/** Starting and reading backtests; the job below plays them. */
export class Backtests extends Effect.Service<Backtests>()("Backtests", {
  effect: Effect.gen(function* () {
    const repo = yield* BacktestsRepo
    const strategies = yield* StrategiesRepo
    const queue = yield* JobQueue
    const market = yield* MarketDataRepo

    const create = (userId: UserId, input: CreateBacktest) =>
      Effect.gen(function* () {
        const version = yield* strategies.versionOf(userId, input.strategyId, input.version)
        const document = version.document
        const to = yield* checkRange(document, input.from, input.to)
        yield* instrumentsOf(document.symbols).pipe(Effect.provideService(MarketDataRepo, market))
        return yield* repo.create(
          userId,
          { ...input, version: version.version, to },
          (backtestId) => queue.send(backtestJob, { backtestId, userId })
        )
      }).pipe(Effect.withSpan("Backtests.create"))

    return { create } as const
  }),
  dependencies: [BacktestsRepo.Default, StrategiesRepo.Default, MarketDataRepo.Default]
}) {}

/**
 * Plays one backtest: reads the candles (with enough before the range to warm the indicators
 * up), hashes the inputs, reuses a report made from the same hash or runs the engine in slices
 * that let the process serve requests between them, and stores the report. Progress goes to
 * the user's event stream; a failure is reported to the user and ends the job.
 */
export const backtestHandler = handle(backtestJob, ({ backtestId, userId }) =>
  Effect.gen(function* () {
    const repo = yield* BacktestsRepo
    const step = (percent: number, message: string) =>
      repo.progress(userId, backtestId, { state: "running", percent, message })
    const fail = (message: string) =>
      repo.progress(userId, backtestId, { state: "failed", percent: 100, message })

    const job = yield* repo.job(backtestId)
    // Deleted before it ran: nothing to do.
    if (Option.isNone(job)) return
    const { from, to, initialCapital } = job.value
    const document = yield* decodeDocument(job.value.document)

    const work = Effect.gen(function* () {
      yield* step(5, "Reading candles")
      const instruments = yield* instrumentsOf(document.symbols)
      const { bars, count } = yield* readBars(document, from, to)

      const hash = contentHash({
        document: encodeDocument(document),
        from,
        to,
        initialCapital,
        bars
      })
      const before = yield* repo.reportByHash(hash)
      if (Option.isSome(before)) {
        const report = before.value as { metrics: { totalReturnPercent: number } }
        return yield* repo.progress(
          userId,
          backtestId,
          { state: "ready", percent: 100, message: "Ready (the same inputs were tested before)" },
          { report: JSON.stringify(report), hash, totalReturn: report.metrics.totalReturnPercent }
        )
      }

      yield* step(15, `Playing ${count.toLocaleString("en")} candles`)
      const steps = backtestSteps({
        document,
        bars,
        from: Date.parse(from),
        initialCapital: Number(initialCapital)
      })
      let reported = 0
      for (;;) {
        const next = steps.next()
        if (next.done) {
          const report = reportOf(next.value, {
            contentHash: hash,
            currency: instruments[0]?.quoteCurrency ?? ""
          })
          return yield* repo.progress(
            userId,
            backtestId,
            { state: "ready", percent: 100, message: "Ready" },
            {
              report: JSON.stringify(report),
              hash,
              totalReturn: report.metrics.totalReturnPercent
            }
          )
        }
        const percent = 15 + Math.floor(next.value * 80)
        if (percent >= reported + 10) {
          reported = percent
          yield* step(percent, `Played ${Math.round(next.value * 100)}% of the candles`)
        }
        // Let requests and other jobs of this process run between slices.
        yield* yieldToEventLoop
      }
    })

    const budget = yield* CandleBudget
    yield* work.pipe(
      budget.withCandles(candlesOf(document, from, to)),
      Effect.catchTag("Unprocessable", (error) => fail(error.message)),
      Effect.catchAllDefect((defect) =>
        defect instanceof NoBars
          ? fail(defect.message)
          : Effect.zipRight(
              Effect.logError("A backtest failed", defect),
              fail("The backtest failed on our side; start it again, and tell us if it fails again")
            )
      )
    )
  })
)
