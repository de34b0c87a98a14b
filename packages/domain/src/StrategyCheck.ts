import { Either, ParseResult, Predicate, Schema, type SchemaAST } from "effect"
import type { FieldIssue } from "./Errors.js"
import {
  documentFields,
  INDICATOR_SCHEMAS,
  INDICATORS,
  type IndicatorName,
  IndicatorSpec,
  PriceOperand,
  RULES,
  type RuleName,
  ruleFields,
  SIZING_FIELDS,
  STRICT,
  StrategyDocument,
  ValueOperand
} from "./Strategy.js"

type Path = ReadonlyArray<string | number>
type Issue = { readonly path: Path; readonly message: string }

/**
 * Checks a strategy document one level at a time, going by the kind each rule, operand and
 * sizing names, so each problem is reported once at its path (`entry.of.1.left.period`) in
 * words, where a plain union decode reports every member's complaint about every field.
 */
export const strategyIssues = (input: unknown): ReadonlyArray<FieldIssue> => {
  const issues = documentIssues(input)
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const key = JSON.stringify(issue.path)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

const shape = (schema: Schema.Schema.AnyNoContext, value: unknown, path: Path): Array<Issue> => {
  const result = Schema.decodeUnknownEither(schema)(value, STRICT)
  if (Either.isRight(result)) return []
  return ParseResult.ArrayFormatter.formatErrorSync(result.left).map((issue) => ({
    path: [...path, ...(issue.path as Array<string | number>)],
    message:
      issue._tag === "Missing"
        ? `${String(issue.path.at(-1))} is required`
        : issue._tag === "Unexpected"
          ? `${String(issue.path.at(-1))} is not a field here; ${issue.message.replace("is unexpected, expected:", "the fields are")}`
          : issue.message
  }))
}

const names = (values: ReadonlyArray<string>) => values.map((v) => `"${v}"`).join(", ")

// Nested rules and operands are checked after their parent's own fields.
const later = Schema.Unknown
const laterRules = ruleFields(later, later)
const RULE_SHAPES: Record<RuleName, Schema.Schema.AnyNoContext> = {
  all: Schema.Struct(laterRules.all),
  any: Schema.Struct(laterRules.any),
  compare: Schema.Struct(laterRules.compare),
  cross: Schema.Struct(laterRules.cross),
  every: Schema.Struct(laterRules.every)
}
const SIZING_SHAPES: Record<keyof typeof SIZING_FIELDS, Schema.Schema.AnyNoContext> = {
  fixed: Schema.Struct(SIZING_FIELDS.fixed),
  percentOfEquity: Schema.Struct(SIZING_FIELDS.percentOfEquity)
}
const documentShape = Schema.Struct(documentFields(later, later))

const MAX_DEPTH = 6

function documentIssues(input: unknown): Array<Issue> {
  if (!Predicate.isRecord(input)) return [{ path: [], message: "A strategy is a JSON object" }]
  const own = shape(documentShape, input, [])
  const inner = [
    ...conditionIssues(input.entry, ["entry"], 0),
    ...(input.exit === undefined ? [] : conditionIssues(input.exit, ["exit"], 0)),
    ...sizingIssues(input.sizing)
  ]
  return [...own, ...inner]
}

function conditionIssues(value: unknown, path: Path, depth: number): Array<Issue> {
  if (value === undefined) return []
  if (!Predicate.isRecord(value))
    return [{ path, message: `A rule is an object whose "rule" is one of ${names(RULES)}` }]
  const rule = value.rule as RuleName
  if (!RULES.includes(rule))
    return [{ path: [...path, "rule"], message: `rule must be one of ${names(RULES)}` }]
  const own = shape(RULE_SHAPES[rule], value, path)
  switch (rule) {
    case "all":
    case "any": {
      if (depth >= MAX_DEPTH)
        return [{ path, message: `Rules may be nested at most ${MAX_DEPTH} deep` }]
      const of = Array.isArray(value.of) ? value.of : []
      return [...own, ...of.flatMap((c, i) => conditionIssues(c, [...path, "of", i], depth + 1))]
    }
    case "compare":
    case "cross":
      return [
        ...own,
        ...operandIssues(value.left, [...path, "left"]),
        ...operandIssues(value.right, [...path, "right"])
      ]
    case "every":
      return own
  }
}

const OPERAND_HELP =
  'An operand is { "value": 30 }, { "price": "close" } or an indicator such as { "indicator": "sma", "period": 20 }'

function operandIssues(value: unknown, path: Path): Array<Issue> {
  if (value === undefined) return []
  if (!Predicate.isRecord(value)) return [{ path, message: OPERAND_HELP }]
  if ("indicator" in value) {
    const name = value.indicator as IndicatorName
    if (!INDICATORS.includes(name))
      return [
        { path: [...path, "indicator"], message: `indicator must be one of ${names(INDICATORS)}` }
      ]
    return shape(INDICATOR_SCHEMAS[name], value, path)
  }
  if ("price" in value) return shape(PriceOperand, value, path)
  if ("value" in value) return shape(ValueOperand, value, path)
  return [{ path, message: OPERAND_HELP }]
}

function sizingIssues(value: unknown): Array<Issue> {
  const path = ["sizing"]
  const kinds = Object.keys(SIZING_FIELDS) as Array<keyof typeof SIZING_FIELDS>
  if (value === undefined) return []
  if (!Predicate.isRecord(value))
    return [{ path, message: `sizing is an object whose "type" is one of ${names(kinds)}` }]
  const type = value.type as keyof typeof SIZING_FIELDS
  if (!kinds.includes(type))
    return [{ path: [...path, "type"], message: `type must be one of ${names(kinds)}` }]
  return shape(SIZING_SHAPES[type], value, path)
}

/** Problems of one indicator line's spec, each at its path. */
export const indicatorIssues = (input: unknown, path: Path = []): ReadonlyArray<FieldIssue> =>
  Predicate.isRecord(input) && "indicator" in input
    ? operandIssues(input, path)
    : [{ path, message: 'An indicator is an object such as { "indicator": "sma", "period": 20 }' }]

/** Turns issues into the failure of a transformation, each at its path. */
const failWith = (ast: SchemaAST.AST, input: unknown, issues: ReadonlyArray<Issue>) => {
  const [first, ...rest] = issues.map((issue): ParseResult.ParseIssue => {
    const type = new ParseResult.Type(ast, input, issue.message)
    const [head, ...tail] = issue.path
    return head === undefined ? type : new ParseResult.Pointer([head, ...tail], input, type)
  }) as [ParseResult.ParseIssue, ...Array<ParseResult.ParseIssue>]
  return ParseResult.fail(new ParseResult.Composite(ast, input, [first, ...rest]))
}

/** An indicator spec as a request carries it: checked by `indicatorIssues`, then decoded. */
export const IndicatorSpecInput = Schema.transformOrFail(
  Schema.Unknown,
  Schema.typeSchema(IndicatorSpec),
  {
    strict: true,
    decode: (input, _, ast) => {
      const issues = indicatorIssues(input)
      return issues.length === 0
        ? ParseResult.decodeUnknown(IndicatorSpec)(input, STRICT)
        : failWith(ast, input, issues)
    },
    encode: (spec) => ParseResult.encode(IndicatorSpec)(spec)
  }
).annotations({
  jsonSchema: { $ref: "#/components/schemas/IndicatorSpec" },
  arbitrary: () => (fc) =>
    fc.constantFrom<IndicatorSpec>(
      { indicator: "sma", period: 20 },
      { indicator: "rsi", period: 14 },
      { indicator: "bollinger", period: 20, deviations: 2, line: "upper" },
      { indicator: "vwap" }
    )
})

/**
 * A strategy document as a request carries it: checked by `strategyIssues` (each problem once,
 * at its path) and then decoded. Its JSON Schema is the document's own.
 */
export const StrategyDocumentInput = Schema.transformOrFail(
  Schema.Unknown,
  Schema.typeSchema(StrategyDocument),
  {
    strict: true,
    decode: (input, _, ast) => {
      const issues = strategyIssues(input)
      if (issues.length === 0) return ParseResult.decodeUnknown(StrategyDocument)(input, STRICT)
      return failWith(ast, input, issues)
    },
    encode: (document) => ParseResult.encode(StrategyDocument)(document)
  }
).annotations({
  jsonSchema: { $ref: "#/components/schemas/StrategyDocument" },
  // Generated documents (for property tests) are small valid ones, not deep random trees.
  arbitrary: () => (fc) =>
    fc
      .tuple(
        fc.integer({ min: 2, max: 50 }),
        fc.constantFrom("1h", "1d"),
        fc.constantFrom("AAPL", "BTC-USD")
      )
      .map(([period, timeframe, symbol]) =>
        Schema.decodeUnknownSync(StrategyDocument)({
          schemaVersion: 1,
          symbols: [symbol],
          timeframe,
          entry: {
            rule: "cross",
            left: { price: "close" },
            crosses: "above",
            right: { indicator: "sma", period }
          },
          sizing: { type: "percentOfEquity", percent: 100 }
        })
      )
})
