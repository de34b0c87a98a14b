import {
  CANDLE_INTERVALS,
  type CreateParameterSearch,
  MAX_PARAMETER_SETS,
  ParameterSearchId,
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
import { yieldToEventLoop } from "../Valuation/Yield.js"
import { CandleBudget } from "./CandleBudget.js"
import { candlesOf, checkRange, instrumentsOf, readBars } from "./Inputs.js"
import { evaluateSet, gridSize, objectiveOf, parameterSets, valueAt } from "./Search.js"
import { SearchesRepo } from "./SearchesRepo.js"
import { StrategiesRepo } from "./StrategiesRepo.js"

/** Parameter sets per chunk job: small enough to spread a search over every worker. */
export const SETS_PER_CHUNK = 10

export const searchChunkJob = defineJob({
  name: "parameter-search-chunk",
  payload: Schema.Struct({
    searchId: ParameterSearchId,
    userId: UserIdSchema,
    offset: Schema.Int,
    count: Schema.Int
  }),
  settings: {
    retryLimit: 2,
    retryDelaySeconds: 5,
    expireInSeconds: 10 * 60,
    batchSize: 1,
    workers: 2
  }
})

const encodeDocument = Schema.encodeSync(StrategyDocument)
const decodeDocument = Schema.decodeUnknown(StrategyDocument)

/** Starting parameter searches: checked, split into chunk jobs in the same transaction. */
export class Searches extends Effect.Service<Searches>()("Searches", {
  effect: Effect.gen(function* () {
    const repo = yield* SearchesRepo
    const strategies = yield* StrategiesRepo
    const queue = yield* JobQueue
    const market = yield* MarketDataRepo

    const create = (userId: UserId, input: CreateParameterSearch) =>
      Effect.gen(function* () {
        const version = yield* strategies.versionOf(userId, input.strategyId, input.version)
        const document = version.document
        const encoded = encodeDocument(document)
        const to = yield* checkRange(document, input.from, input.to)
        yield* instrumentsOf(document.symbols).pipe(Effect.provideService(MarketDataRepo, market))
        for (const [i, p] of input.parameters.entries()) {
          if (typeof valueAt(encoded, p.path) !== "number")
            return yield* Unprocessable.field(
              ["parameters", i, "path"],
              `The strategy has no number at ${p.path}`
            )
          if (p.from > p.to)
            return yield* Unprocessable.field(["parameters", i, "to"], "to must not be below from")
        }
        const grid = gridSize(input.parameters)
        if (input.method === "grid" && grid > MAX_PARAMETER_SETS)
          return yield* Unprocessable.field(
            ["parameters"],
            `This grid has more than ${MAX_PARAMETER_SETS} sets; use longer steps, fewer parameters, or a random search`
          )
        const totalSets = input.method === "grid" ? grid : Math.min(input.samples, grid)
        // The out-of-sample part is the end of the range, on a whole candle.
        const width = CANDLE_INTERVALS[document.timeframe]
        const from = Date.parse(input.from)
        const span = Date.parse(to) - from
        const split =
          from + Math.round((span * (1 - input.outOfSamplePercent / 100)) / width) * width
        return yield* repo.create(
          userId,
          {
            strategyId: input.strategyId,
            version: version.version,
            from: input.from,
            to,
            split: new Date(split).toISOString(),
            initialCapital: input.initialCapital,
            spec: {
              parameters: input.parameters,
              method: input.method,
              samples: input.samples,
              seed: input.seed,
              objective: input.objective
            },
            totalSets
          },
          (searchId) =>
            Effect.forEach(
              Array.from({ length: Math.ceil(totalSets / SETS_PER_CHUNK) }, (_, k) => k),
              (k) =>
                queue.send(searchChunkJob, {
                  searchId,
                  userId,
                  offset: k * SETS_PER_CHUNK,
                  count: Math.min(SETS_PER_CHUNK, totalSets - k * SETS_PER_CHUNK)
                }),
              { discard: true }
            )
        )
      }).pipe(Effect.withSpan("Searches.create"))

    return { create } as const
  }),
  dependencies: [SearchesRepo.Default, StrategiesRepo.Default, MarketDataRepo.Default]
}) {}

/**
 * Tests one chunk of a search's parameter sets, in and out of sample, on candles read once,
 * letting the process serve requests between sets. The sets are drawn again from the stored
 * spec (the same seed gives the same sets), so a chunk needs no list of its own.
 */
export const searchChunkHandler = handle(searchChunkJob, ({ searchId, userId, offset, count }) =>
  Effect.gen(function* () {
    const repo = yield* SearchesRepo
    const found = yield* repo.forJob(searchId)
    if (Option.isNone(found) || found.value.state === "failed") return
    const { spec, from, to, split, initialCapital } = found.value
    const document = yield* decodeDocument(found.value.document)
    const budget = yield* CandleBudget
    const test = Effect.gen(function* () {
      const read = yield* Effect.either(readBars(document, from, to))
      if (read._tag === "Left") return yield* repo.fail(userId, searchId, read.left.message)
      const sets = parameterSets(spec.parameters, spec.method, spec.samples, spec.seed).slice(
        offset,
        offset + count
      )
      const paths = spec.parameters.map((p) => p.path)
      const rows = []
      for (const [i, values] of sets.entries()) {
        const result = evaluateSet({
          document: encodeDocument(document),
          paths,
          values,
          bars: read.right.bars,
          from: Date.parse(from),
          split: Date.parse(split),
          initialCapital: Number(initialCapital)
        })
        rows.push({
          position: offset + i,
          result: { values, ...result },
          objective: objectiveOf(result.inSample, spec.objective)
        })
        // Let requests and other jobs of this process run between sets.
        yield* yieldToEventLoop
      }
      yield* repo.record(userId, searchId, rows)
    })
    yield* budget.withCandles(candlesOf(document, from, to))(test)
  })
)
