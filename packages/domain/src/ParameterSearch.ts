import { Schema } from "effect"
import { CashAmount } from "./Decimal.js"
import { ParameterSearchId, StrategyId } from "./Ids.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

/** Parameter sets one search may try (each is backtested twice: in and out of sample). */
export const MAX_PARAMETER_SETS = 500

/** The figures a search can rank its parameter sets by (higher is better for each). */
export const SearchObjective = Schema.Literal(
  "sharpe",
  "sortino",
  "calmar",
  "totalReturnPercent",
  "profitFactor"
).annotations({
  message: () =>
    'objective must be one of "sharpe", "sortino", "calmar", "totalReturnPercent", "profitFactor"'
})
export type SearchObjective = typeof SearchObjective.Type

const finite = Schema.Number.pipe(Schema.finite({ message: () => "must be a number" }))

/** One number of the strategy document to vary, by its path, over a range in steps. */
export const SearchParameter = Schema.Struct({
  path: Schema.String.pipe(
    Schema.pattern(/^[A-Za-z]+(\.([A-Za-z]+|\d+))*$/, {
      message: () => 'path names a number of the document, e.g. "entry.left.period"'
    })
  ),
  from: finite,
  to: finite,
  step: finite.pipe(Schema.positive({ message: () => "step must be above 0" }))
}).annotations({
  identifier: "SearchParameter",
  // Generated parameters (for property tests) make small grids of two or three values.
  arbitrary: () => (fc) =>
    fc
      .tuple(
        fc.constantFrom("entry.right.period", "entry.left.period", "sizing.percent"),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 2 })
      )
      .map(([path, from, step, more]) => ({ path, from, to: from + step * more, step }))
})
export type SearchParameter = typeof SearchParameter.Type

export const CreateParameterSearch = strictStruct("CreateParameterSearch", {
  strategyId: StrategyId,
  version: Schema.optional(Schema.Int.pipe(Schema.positive())),
  from: Timestamp,
  to: Timestamp,
  initialCapital: Schema.optionalWith(CashAmount, { default: () => "10000" as CashAmount }),
  parameters: Schema.Array(SearchParameter).pipe(
    Schema.minItems(1, { message: () => "parameters must list at least one" }),
    Schema.maxItems(3, { message: () => "parameters may list at most three" })
  ),
  method: Schema.optionalWith(Schema.Literal("grid", "random"), { default: () => "grid" as const }),
  samples: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, MAX_PARAMETER_SETS)), {
    default: () => 50
  }).annotations({ description: "Sets drawn at random from the grid (method random)" }),
  seed: Schema.optionalWith(Schema.Int, { default: () => 1 }).annotations({
    description: "The same seed draws the same sets"
  }),
  outOfSamplePercent: Schema.optionalWith(Schema.Int.pipe(Schema.between(10, 50)), {
    default: () => 30
  }).annotations({
    description: "The last part of the range, kept out of the search to test its best sets on"
  }),
  objective: Schema.optionalWith(SearchObjective, { default: () => "sharpe" as const })
})
export type CreateParameterSearch = typeof CreateParameterSearch.Type

/** The headline figures of one backtest of a set. */
export const SampleFigures = Schema.Struct({
  totalReturnPercent: Schema.Number,
  sharpe: Schema.NullOr(Schema.Number),
  sortino: Schema.NullOr(Schema.Number),
  calmar: Schema.NullOr(Schema.Number),
  profitFactor: Schema.NullOr(Schema.Number),
  maxDrawdownPercent: Schema.Number,
  trades: Schema.Int
}).annotations({ identifier: "SampleFigures" })
export type SampleFigures = typeof SampleFigures.Type

export const SearchResult = Schema.Struct({
  values: Schema.Array(Schema.Number).annotations({ description: "One per parameter, in order" }),
  inSample: Schema.NullOr(SampleFigures),
  outOfSample: Schema.NullOr(SampleFigures),
  error: Schema.NullOr(Schema.String).annotations({
    description: "Why this set could not be tested (e.g. no trade after the warm-up)"
  })
}).annotations({ identifier: "SearchResult" })
export type SearchResult = typeof SearchResult.Type

export const ParameterSearch = Schema.Struct({
  id: ParameterSearchId,
  strategyId: StrategyId,
  strategyName: Schema.String,
  version: Schema.Int,
  from: Timestamp,
  to: Timestamp,
  split: Timestamp.annotations({ description: "Where the out-of-sample period starts" }),
  initialCapital: CashAmount,
  parameters: Schema.Array(SearchParameter),
  method: Schema.Literal("grid", "random"),
  objective: SearchObjective,
  state: Schema.Literal("queued", "running", "ready", "failed"),
  message: Schema.String,
  totalSets: Schema.Int,
  doneSets: Schema.Int,
  createdAt: Timestamp,
  finishedAt: Schema.NullOr(Timestamp)
}).annotations({ identifier: "ParameterSearch" })
export type ParameterSearch = typeof ParameterSearch.Type

export const ParameterSearchWithResults = Schema.Struct({
  ...ParameterSearch.fields,
  results: Schema.Array(SearchResult).annotations({
    description: "Every set tested so far, best in sample first"
  })
}).annotations({ identifier: "ParameterSearchWithResults" })
export type ParameterSearchWithResults = typeof ParameterSearchWithResults.Type

export const ParameterSearchList = Schema.Struct({
  items: Schema.Array(ParameterSearch)
}).annotations({ identifier: "ParameterSearchList" })

export const ParameterSearchListParams = Schema.Struct({
  strategyId: Schema.optional(StrategyId)
})
