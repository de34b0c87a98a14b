import type { Condition, IndicatorSpec, Operand, Sizing } from "@trading-app/domain"

const LINE_NAMES: Record<string, string> = {
  macd: "line",
  signal: "signal",
  histogram: "histogram",
  upper: "upper",
  middle: "middle",
  lower: "lower",
  k: "%K",
  d: "%D"
}

/** An indicator line in words: "SMA 20", "MACD 12/26/9 signal", "Bollinger 20, 2σ upper". */
export const indicatorText = (spec: IndicatorSpec): string => {
  switch (spec.indicator) {
    case "sma":
    case "ema":
    case "rsi":
    case "atr":
      return `${spec.indicator.toUpperCase()} ${spec.period}`
    case "macd":
      return `MACD ${spec.fast}/${spec.slow}/${spec.signal} ${LINE_NAMES[spec.line]}`
    case "bollinger":
      return `Bollinger ${spec.period}, ${spec.deviations}σ ${LINE_NAMES[spec.line]}`
    case "stochastic":
      return `Stochastic ${spec.period}/${spec.smoothing} ${LINE_NAMES[spec.line]}`
    case "vwap":
      return "VWAP"
  }
}

export const operandText = (operand: Operand): string =>
  "value" in operand
    ? String(operand.value)
    : "price" in operand
      ? operand.price
      : indicatorText(operand)

/** A rule in words, nested lists in brackets. */
export const conditionText = (condition: Condition): string => {
  switch (condition.rule) {
    case "all":
    case "any": {
      const parts = condition.of.map((c) =>
        c.rule === "all" || c.rule === "any" ? `(${conditionText(c)})` : conditionText(c)
      )
      return parts.join(condition.rule === "all" ? " and " : " or ")
    }
    case "compare":
      return `${operandText(condition.left)} ${condition.is} ${operandText(condition.right)}`
    case "cross":
      return `${operandText(condition.left)} crosses ${condition.crosses} ${operandText(condition.right)}`
    case "every":
      return condition.bars === 1 ? "every bar" : `every ${condition.bars} bars`
  }
}

export const sizingText = (sizing: Sizing): string =>
  sizing.type === "fixed" ? `${sizing.amount} per entry` : `${sizing.percent}% of equity per entry`
