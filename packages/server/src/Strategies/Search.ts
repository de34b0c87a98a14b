import {
  MAX_PARAMETER_SETS,
  type SampleFigures,
  type SearchObjective,
  type SearchParameter,
  StrategyDocument,
  type StrategyDocumentEncoded,
  strategyIssues
} from "@trading-app/domain"
import { Schema } from "effect"
import { NoBars, runBacktest } from "./Backtest.js"
import { type Bars, firstBars } from "./Bars.js"
import type { Metrics } from "./Metrics.js"

/** The values a parameter takes: from, from + step, … up to to (both ends included). */
export const gridValues = (p: SearchParameter): Array<number> => {
  const values: Array<number> = []
  for (let i = 0; ; i++) {
    // Rounded, so 0.1 steps do not drift into 0.30000000000000004.
    const v = Number((p.from + i * p.step).toPrecision(12))
    if (v > p.to + 1e-12) break
    values.push(v)
    if (values.length > MAX_PARAMETER_SETS) break
  }
  return values
}

/** How many sets a grid has (capped just past the limit, to say it is too many). */
export const gridSize = (parameters: ReadonlyArray<SearchParameter>) =>
  parameters.reduce((n, p) => Math.min(n * gridValues(p).length, MAX_PARAMETER_SETS + 1), 1)

/** A small seeded generator (mulberry32): the same seed draws the same sets. */
const seeded = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The sets to try: every point of the grid, or `samples` of them drawn without repeats by a
 * seeded shuffle. Sets are arrays of values, one per parameter, in order.
 */
export const parameterSets = (
  parameters: ReadonlyArray<SearchParameter>,
  method: "grid" | "random",
  samples: number,
  seed: number
): Array<Array<number>> => {
  let sets: Array<Array<number>> = [[]]
  for (const p of parameters) {
    const values = gridValues(p)
    sets = sets.flatMap((set) => values.map((v) => [...set, v]))
  }
  if (method === "grid") return sets
  const random = seeded(seed)
  for (let i = sets.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[sets[i], sets[j]] = [sets[j] as Array<number>, sets[i] as Array<number>]
  }
  return sets.slice(0, samples)
}

type Json = { [key: string]: Json } | Array<Json> | number | string | boolean | null

/** The value at a dotted path of a document ("entry.of.0.left.period"), if any. */
export const valueAt = (document: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (at, key) =>
        typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined,
      document
    )

/** A copy of the document with the numbers at `paths` set to `values`. */
export const withValues = (
  document: StrategyDocumentEncoded,
  paths: ReadonlyArray<string>,
  values: ReadonlyArray<number>
): StrategyDocumentEncoded => {
  const copy = structuredClone(document) as unknown as { [key: string]: Json }
  paths.forEach((path, i) => {
    const keys = path.split(".")
    const last = keys.pop() as string
    const parent = keys.reduce<Json>(
      (at, key) => (at as { [key: string]: Json })[key] as Json,
      copy
    )
    ;(parent as { [key: string]: Json })[last] = values[i] as number
  })
  return copy as unknown as StrategyDocumentEncoded
}

/** What is wrong with a set: the document's problems once its values are in, if any. */
export const setProblems = (
  document: StrategyDocumentEncoded,
  paths: ReadonlyArray<string>,
  values: ReadonlyArray<number>
) => strategyIssues(withValues(document, paths, values))

export const figuresOf = (m: Metrics): SampleFigures => ({
  totalReturnPercent: m.totalReturnPercent,
  sharpe: m.sharpe,
  sortino: m.sortino,
  calmar: m.calmar,
  profitFactor: m.profitFactor,
  maxDrawdownPercent: m.maxDrawdownPercent,
  trades: m.trades
})

const decode = Schema.decodeUnknownSync(StrategyDocument)

/**
 * One set backtested twice on the same candles: in sample (from `from` until `split`, the
 * candles after it cut off) and out of sample (from `split` on, warmed up on earlier candles,
 * which is no look-ahead: they are in the past of every trade).
 */
export const evaluateSet = (input: {
  readonly document: StrategyDocumentEncoded
  readonly paths: ReadonlyArray<string>
  readonly values: ReadonlyArray<number>
  readonly bars: ReadonlyMap<string, Bars>
  readonly from: number
  readonly split: number
  readonly initialCapital: number
}) => {
  const problems = setProblems(input.document, input.paths, input.values)
  if (problems.length > 0)
    return {
      inSample: null,
      outOfSample: null,
      error: problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("; ")
    }
  const document = decode(withValues(input.document, input.paths, input.values))
  const before = new Map(
    [...input.bars].map(([symbol, bars]) => {
      let n = 0
      while (n < bars.time.length && (bars.time[n] as number) < input.split) n++
      return [symbol, firstBars(bars, n)] as const
    })
  )
  const run = (bars: ReadonlyMap<string, Bars>, from: number) => {
    try {
      return figuresOf(
        runBacktest({ document, bars, from, initialCapital: input.initialCapital }).metrics
      )
    } catch (e) {
      if (e instanceof NoBars) return null
      throw e
    }
  }
  const inSample = run(before, input.from)
  const outOfSample = run(input.bars, input.split)
  return {
    inSample,
    outOfSample,
    error:
      inSample === null || outOfSample === null
        ? "No candles after the warm-up in one of the periods"
        : null
  }
}

/** The objective of a set's figures; sets without one rank last. */
export const objectiveOf = (figures: SampleFigures | null, objective: SearchObjective) =>
  figures?.[objective] ?? null
