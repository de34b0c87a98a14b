import type { Condition, IndicatorSpec, Operand } from "@trading-app/domain"
import type { Bars } from "./Bars.js"
import { indicatorKey, indicatorSeries, warmUpBars } from "./Indicators.js"

/** Indicator lines by `indicatorKey`. */
export type Lines = Map<string, Float64Array>

/** Is the rule true at the close of bar `i`? */
export type Rule = (i: number) => boolean

/** Every indicator line the conditions read, once each. */
export const indicatorsOf = (conditions: ReadonlyArray<Condition | undefined>) => {
  const found = new Map<string, IndicatorSpec>()
  const operand = (o: Operand) => {
    if ("indicator" in o) found.set(indicatorKey(o), o)
  }
  const walk = (c: Condition | undefined): void => {
    if (c?.rule === "all" || c?.rule === "any") c.of.forEach(walk)
    else if (c?.rule === "compare" || c?.rule === "cross") {
      operand(c.left)
      operand(c.right)
    }
  }
  conditions.forEach(walk)
  return [...found.values()]
}

/** Bars before the rules can first be true: the longest warm-up, and one more for a crossing. */
export const rulesWarmUp = (conditions: ReadonlyArray<Condition | undefined>): number => {
  const lines = Math.max(0, ...indicatorsOf(conditions).map(warmUpBars))
  const crosses = (c: Condition | undefined): boolean =>
    c !== undefined &&
    (c.rule === "cross" || ((c.rule === "all" || c.rule === "any") && c.of.some(crosses)))
  return lines + (conditions.some(crosses) ? 1 : 0)
}

/**
 * Compiles conditions over one instrument's bars: each indicator line is computed once over all
 * bars (or taken from `series`), and a rule reads bar `i` and, for a crossing, bar `i - 1` only. An operand still warming
 * up (NaN) makes its comparison false. `every` counts bars from `start`.
 */
export const compileRules = (bars: Bars, start: number, series: Lines = new Map()) => {
  const line = (spec: IndicatorSpec) => {
    const key = indicatorKey(spec)
    let values = series.get(key)
    if (values === undefined) {
      values = indicatorSeries(spec, bars)
      series.set(key, values)
    }
    return values
  }
  const operand = (o: Operand): Float64Array | number =>
    "value" in o ? o.value : "price" in o ? bars[o.price] : line(o)
  const at = (v: Float64Array | number, i: number) => (typeof v === "number" ? v : (v[i] as number))

  const compile = (c: Condition): Rule => {
    switch (c.rule) {
      case "all": {
        const rules = c.of.map(compile)
        return (i) => rules.every((r) => r(i))
      }
      case "any": {
        const rules = c.of.map(compile)
        return (i) => rules.some((r) => r(i))
      }
      case "compare": {
        const left = operand(c.left)
        const right = operand(c.right)
        switch (c.is) {
          case ">":
            return (i) => at(left, i) > at(right, i)
          case ">=":
            return (i) => at(left, i) >= at(right, i)
          case "<":
            return (i) => at(left, i) < at(right, i)
          case "<=":
            return (i) => at(left, i) <= at(right, i)
        }
        break
      }
      case "cross": {
        const left = operand(c.left)
        const right = operand(c.right)
        // Above: on the previous close it was at or below, now it is above (and below alike).
        return c.crosses === "above"
          ? (i) => i > 0 && at(left, i - 1) <= at(right, i - 1) && at(left, i) > at(right, i)
          : (i) => i > 0 && at(left, i - 1) >= at(right, i - 1) && at(left, i) < at(right, i)
      }
      case "every": {
        const bars = c.bars
        return (i) => i >= start && (i - start) % bars === 0
      }
    }
  }
  return compile
}
