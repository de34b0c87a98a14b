import {
  BacktestId,
  CANDLE_INTERVALS,
  type CreateBacktest,
  type Instrument,
  NotFound,
  StrategyDocument,
  Unprocessable,
  type UserId,
  UserId as UserIdSchema
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { defineJob } from "../Jobs/JobDefinition.js"
import { JobQueue } from "../Jobs/JobQueue.js"
import { handle } from "../Jobs/Workers.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { backtestSteps, NoBars } from "./Backtest.js"
import { BacktestsRepo } from "./BacktestsRepo.js"
import type { Bars } from "./Bars.js"
import { BarsRepo } from "./BarsRepo.js"
import { contentHash, reportOf } from "./Report.js"
import { rulesWarmUp } from "./Rules.js"
import { StrategiesRepo } from "./StrategiesRepo.js"

/** Candles one backtest may read, all instruments together (about 100 MB of columns). */
export const MAX_BACKTEST_BARS = 2_000_000

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

/** The instruments of a document, checked: all known, all priced in one currency. */
const instrumentsOf = (symbols: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const market = yield* MarketDataRepo
    const found = yield* market.instrumentsOf(symbols)
    const missing = symbols.filter((s) => !found.some((i) => i.symbol === s))
    if (missing.length > 0)
      return yield* Unprocessable.field(
        ["strategyId"],
        `The strategy names instruments the market data does not have: ${missing.join(", ")}`
      )
    const currencies = [...new Set(found.map((i) => i.quoteCurrency))]
    if (currencies.length > 1)
      return yield* Unprocessable.field(
        ["strategyId"],
        `A backtest needs instruments priced in one currency; these are in ${currencies.join(", ")}`
      )
    return found as ReadonlyArray<Instrument>
  })

/** Starting and reading backtests; the job below plays them. */
export class Backtests extends Effect.Service<Backtests>()("Backtests", {
  effect: Effect.gen(function* () {
    const repo = yield* BacktestsRepo
    const strategies = yield* StrategiesRepo
    const queue = yield* JobQueue
    const market = yield* MarketDataRepo

    const create = (userId: UserId, input: CreateBacktest) =>
      Effect.gen(function* () {
        const version = yield* strategies.version(userId, input.strategyId, input.version)
        if (Option.isNone(version))
          return yield* new NotFound({
            message:
              input.version === undefined
                ? "Strategy not found"
                : `Strategy not found, or it has no version ${input.version}`
          })
        const document = version.value.document
        const from = Date.parse(input.from)
        const to = Math.min(Date.parse(input.to), Date.now())
        if (from >= to)
          return yield* Unprocessable.field(["from"], "from must be before to (and before now)")
        const bars = ((to - from) / CANDLE_INTERVALS[document.timeframe]) * document.symbols.length
        if (bars > MAX_BACKTEST_BARS)
          return yield* Unprocessable.field(
            ["from"],
            `This range holds about ${Math.round(bars).toLocaleString("en")} candles of ${document.timeframe}; a backtest reads at most ${MAX_BACKTEST_BARS.toLocaleString("en")}. Shorten the range or use a longer timeframe`
          )
        yield* instrumentsOf(document.symbols).pipe(Effect.provideService(MarketDataRepo, market))
        return yield* repo.create(
          userId,
          { ...input, version: version.value.version, to: new Date(to).toISOString() as never },
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
    const barsRepo = yield* BarsRepo
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
      const width = CANDLE_INTERVALS[document.timeframe]
      // Room for the warm-up: three times its bars, for closed markets and gaps.
      const warmUp = rulesWarmUp([document.entry, document.exit])
      const readFrom = new Date(Date.parse(from) - (warmUp + 1) * width * 3)
      const bars = new Map<string, Bars>()
      let count = 0
      for (const symbol of document.symbols) {
        const read = yield* barsRepo.load(
          symbol,
          document.timeframe,
          readFrom,
          new Date(to),
          MAX_BACKTEST_BARS - count + 1
        )
        count += read.time.length
        if (count > MAX_BACKTEST_BARS)
          return yield* fail(
            `The range holds more than ${MAX_BACKTEST_BARS.toLocaleString("en")} candles; shorten it or use a longer timeframe`
          )
        bars.set(symbol, read)
      }
      const empty = document.symbols.filter((s) => (bars.get(s)?.time.length ?? 0) === 0)
      if (empty.length > 0)
        return yield* fail(`No ${document.timeframe} candles of ${empty.join(", ")} in this range`)

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
        yield* Effect.async<void>((resume) => {
          setImmediate(() => resume(Effect.void))
        })
      }
    })

    yield* work.pipe(
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
