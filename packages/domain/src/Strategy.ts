import { Schema } from "effect"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { CANDLE_INTERVALS, type CandleInterval } from "./MarketData.js"

/**
 * A strategy document: which instruments, on which candles, when to enter and leave, how much
 * to put in, the protective exits and the costs. It is data (JSON), versioned by
 * `schemaVersion`, so a strategy written today still reads the same when the engine grows.
 */

/** One of a few strings; the error lists them. */
const choice = <const L extends ReadonlyArray<string>>(what: string, ...values: L) => {
  const message = () => `${what} must be one of ${values.map((v) => `"${v}"`).join(", ")}`
  return Schema.String.annotations({ message })
    .pipe(Schema.filter((s): s is L[number] => values.includes(s), { message }))
    .annotations({
      message,
      jsonSchema: { type: "string", enum: values },
      // Generated values are the choices, rather than strings drawn until one matches.
      arbitrary: () => (fc) => fc.constantFrom(...values)
    })
}

const whole = (what: string, min: number, max: number) => {
  const message = () => `${what} must be a whole number from ${min} to ${max}`
  return Schema.Number.annotations({ message })
    .pipe(
      Schema.filter((n) => Number.isInteger(n) && n >= min && n <= max, {
        message,
        arbitrary: () => (fc) => fc.integer({ min, max })
      })
    )
    .annotations({ message, jsonSchema: { type: "integer", minimum: min, maximum: max } })
}

/** A number above `min` (or from it, when `inclusive`) up to `max`. */
const bounded = (what: string, min: number, max: number, inclusive = false) => {
  const message = () =>
    `${what} must be a number ${inclusive ? "from" : "above"} ${min} ${inclusive ? "to" : "and at most"} ${max}`
  return Schema.Number.annotations({ message })
    .pipe(
      Schema.filter((n) => (inclusive ? n >= min : n > min) && n <= max, {
        message,
        arbitrary: () => (fc) =>
          fc.double({ min, max, minExcluded: !inclusive, noNaN: true, noDefaultInfinity: true })
      })
    )
    .annotations({
      message,
      jsonSchema: {
        type: "number",
        ...(inclusive ? { minimum: min } : { exclusiveMinimum: min }),
        maximum: max
      }
    })
}

const CANDLE_INTERVAL_NAMES = Object.keys(CANDLE_INTERVALS) as Array<CandleInterval>

const period = whole("period", 1, 1000)

export const PriceField = choice("price", "open", "high", "low", "close", "volume")
export type PriceField = typeof PriceField.Type

/** Each indicator's parameters, by its name. */
export const INDICATOR_PARAMETERS = {
  sma: { period },
  ema: { period },
  rsi: { period },
  atr: { period },
  macd: {
    fast: whole("fast", 1, 1000),
    slow: whole("slow", 2, 1000),
    signal: whole("signal", 1, 1000),
    line: choice("line", "macd", "signal", "histogram")
  },
  bollinger: {
    period: whole("period", 2, 1000),
    deviations: bounded("deviations", 0, 10),
    line: choice("line", "upper", "middle", "lower")
  },
  stochastic: {
    period,
    smoothing: whole("smoothing", 1, 100),
    line: choice("line", "k", "d")
  },
  vwap: {}
} as const
export type IndicatorName = keyof typeof INDICATOR_PARAMETERS
export const INDICATORS = Object.keys(INDICATOR_PARAMETERS) as ReadonlyArray<IndicatorName>

/** The member Schema of each indicator, by name. */
export const INDICATOR_SCHEMAS = {
  sma: Schema.Struct({ indicator: Schema.Literal("sma"), ...INDICATOR_PARAMETERS.sma }),
  ema: Schema.Struct({ indicator: Schema.Literal("ema"), ...INDICATOR_PARAMETERS.ema }),
  rsi: Schema.Struct({ indicator: Schema.Literal("rsi"), ...INDICATOR_PARAMETERS.rsi }),
  atr: Schema.Struct({ indicator: Schema.Literal("atr"), ...INDICATOR_PARAMETERS.atr }),
  macd: Schema.Struct({ indicator: Schema.Literal("macd"), ...INDICATOR_PARAMETERS.macd }),
  bollinger: Schema.Struct({
    indicator: Schema.Literal("bollinger"),
    ...INDICATOR_PARAMETERS.bollinger
  }),
  stochastic: Schema.Struct({
    indicator: Schema.Literal("stochastic"),
    ...INDICATOR_PARAMETERS.stochastic
  }),
  vwap: Schema.Struct({ indicator: Schema.Literal("vwap"), ...INDICATOR_PARAMETERS.vwap })
}

/** An indicator line with its parameters, e.g. `{ "indicator": "sma", "period": 20 }`. */
export const IndicatorSpec = Schema.Union(
  INDICATOR_SCHEMAS.sma,
  INDICATOR_SCHEMAS.ema,
  INDICATOR_SCHEMAS.rsi,
  INDICATOR_SCHEMAS.atr,
  INDICATOR_SCHEMAS.macd,
  INDICATOR_SCHEMAS.bollinger,
  INDICATOR_SCHEMAS.stochastic,
  INDICATOR_SCHEMAS.vwap
).annotations({
  identifier: "IndicatorSpec"
})
export type IndicatorSpec = typeof IndicatorSpec.Type

export const ValueOperand = Schema.Struct({
  value: Schema.Number.annotations({ message: () => "value must be a number" }).pipe(
    Schema.filter(Number.isFinite, {
      message: () => "value must be a number",
      arbitrary: () => (fc) => fc.double({ noNaN: true, noDefaultInfinity: true })
    })
  )
})
export const PriceOperand = Schema.Struct({ price: PriceField })

/** What a rule compares: a fixed value, a price of the bar, or an indicator line. */
export const Operand = Schema.Union(ValueOperand, PriceOperand, IndicatorSpec).annotations({
  identifier: "Operand"
})
export type Operand = typeof Operand.Type

export const Comparison = choice("is", ">", ">=", "<", "<=")
export type Comparison = typeof Comparison.Type

/**
 * The fields of each kind of rule, given what an operand and a nested rule are: the Schemas
 * below use the real ones, the document check (`strategyIssues`) checks one level at a time.
 */
export const ruleFields = <O, OI, C, CI>(
  operand: Schema.Schema<O, OI>,
  condition: Schema.Schema<C, CI>
) => {
  const of = Schema.Array(condition).pipe(
    Schema.minItems(1, { message: () => "of must list at least one rule" }),
    Schema.maxItems(20, { message: () => "of may list at most 20 rules" })
  )
  return {
    all: { rule: Schema.Literal("all"), of },
    any: { rule: Schema.Literal("any"), of },
    compare: { rule: Schema.Literal("compare"), left: operand, is: Comparison, right: operand },
    cross: {
      rule: Schema.Literal("cross"),
      left: operand,
      crosses: choice("crosses", "above", "below"),
      right: operand
    },
    every: { rule: Schema.Literal("every"), bars: whole("bars", 1, 100_000) }
  }
}
export type RuleName = keyof ReturnType<typeof ruleFields>
export const RULES: ReadonlyArray<RuleName> = ["all", "any", "compare", "cross", "every"]

export type Condition =
  | { readonly rule: "all"; readonly of: ReadonlyArray<Condition> }
  | { readonly rule: "any"; readonly of: ReadonlyArray<Condition> }
  | {
      readonly rule: "compare"
      readonly left: Operand
      readonly is: Comparison
      readonly right: Operand
    }
  | {
      readonly rule: "cross"
      readonly left: Operand
      readonly crosses: "above" | "below"
      readonly right: Operand
    }
  | { readonly rule: "every"; readonly bars: number }

type ConditionEncoded =
  | { readonly rule: "all"; readonly of: ReadonlyArray<ConditionEncoded> }
  | { readonly rule: "any"; readonly of: ReadonlyArray<ConditionEncoded> }
  | {
      readonly rule: "compare"
      readonly left: typeof Operand.Encoded
      readonly is: string
      readonly right: typeof Operand.Encoded
    }
  | {
      readonly rule: "cross"
      readonly left: typeof Operand.Encoded
      readonly crosses: string
      readonly right: typeof Operand.Encoded
    }
  | { readonly rule: "every"; readonly bars: number }

const rules = ruleFields(
  Operand,
  Schema.suspend((): Schema.Schema<Condition, ConditionEncoded> => Condition)
)

/**
 * When to act, evaluated on each closed bar: every rule of a list (`all`), at least one
 * (`any`), a comparison of two operands, one crossing another since the previous bar, or every
 * N bars (periodic buying).
 */
export const Condition: Schema.Schema<Condition, ConditionEncoded> = Schema.Union(
  Schema.Struct(rules.all),
  Schema.Struct(rules.any),
  Schema.Struct(rules.compare),
  Schema.Struct(rules.cross),
  Schema.Struct(rules.every)
).annotations({ identifier: "Condition" })

/** The fields of each way to size an entry: a fixed amount of the quote currency, or a share of equity. */
export const SIZING_FIELDS = {
  fixed: { type: Schema.Literal("fixed"), amount: bounded("amount", 0, 1e12) },
  percentOfEquity: {
    type: Schema.Literal("percentOfEquity"),
    percent: bounded("percent", 0, 100)
  }
}
export const Sizing = Schema.Union(
  Schema.Struct(SIZING_FIELDS.fixed),
  Schema.Struct(SIZING_FIELDS.percentOfEquity)
).annotations({ identifier: "Sizing" })
export type Sizing = typeof Sizing.Type

export const STRATEGY_SCHEMA_VERSION = 1

/** The document's own fields, given what a rule and a sizing are. */
export const documentFields = <C, CI, S, SI>(
  condition: Schema.Schema<C, CI>,
  sizing: Schema.Schema<S, SI>
) => ({
  schemaVersion: Schema.Literal(STRATEGY_SCHEMA_VERSION).annotations({
    message: () => `schemaVersion must be ${STRATEGY_SCHEMA_VERSION}`
  }),
  symbols: Schema.Array(InstrumentSymbol).pipe(
    Schema.minItems(1, { message: () => "symbols must list at least one instrument" }),
    Schema.maxItems(10, { message: () => "symbols may list at most 10 instruments" })
  ),
  timeframe: choice("timeframe", ...CANDLE_INTERVAL_NAMES),
  entry: condition,
  exit: Schema.optional(condition).annotations({
    description: "Without one, a position is left by its stop, its target or the end of the test"
  }),
  sizing,
  maxEntries: Schema.optionalWith(whole("maxEntries", 1, 100_000), {
    default: () => 1
  }).annotations({
    description:
      "Entries that may add to one position (default 1: enter once, then wait for an exit); periodic buying sets it high"
  }),
  stopLossPercent: Schema.optional(bounded("stopLossPercent", 0, 100)),
  takeProfitPercent: Schema.optional(bounded("takeProfitPercent", 0, 10_000)),
  trailingStopPercent: Schema.optional(bounded("trailingStopPercent", 0, 100)),
  feePercent: Schema.optionalWith(bounded("feePercent", 0, 10, true), {
    default: () => 0.1
  }).annotations({ description: "Fee on each fill, as a percentage of its value (default 0.1)" }),
  slippagePercent: Schema.optionalWith(bounded("slippagePercent", 0, 10, true), {
    default: () => 0.05
  }).annotations({ description: "Price moved against each fill, in percent (default 0.05)" })
})

/** The strict parse options of a document: unknown fields are errors, and all are reported. */
export const STRICT = { onExcessProperty: "error", errors: "all" } as const

export const StrategyDocument = Schema.Struct(documentFields(Condition, Sizing)).annotations({
  identifier: "StrategyDocument",
  parseOptions: STRICT
})
export type StrategyDocument = typeof StrategyDocument.Type
export type StrategyDocumentEncoded = typeof StrategyDocument.Encoded
