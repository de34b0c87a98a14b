import { Schema } from "effect"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { CandleInterval } from "./MarketData.js"
import { IndicatorSpec } from "./Strategy.js"
import { IndicatorSpecInput } from "./StrategyCheck.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

export const IndicatorsRequest = strictStruct("IndicatorsRequest", {
  interval: CandleInterval,
  from: Schema.optional(Timestamp).annotations({
    description: "Candles starting at or after this time (default: 500 intervals before `to`)"
  }),
  to: Schema.optional(Timestamp).annotations({ description: "Default: now" }),
  indicators: Schema.Array(IndicatorSpecInput).pipe(
    Schema.minItems(1, { message: () => "indicators must list at least one line" }),
    Schema.maxItems(8, { message: () => "indicators may list at most 8 lines" })
  )
})
export type IndicatorsRequest = typeof IndicatorsRequest.Type

export const IndicatorLine = Schema.Struct({
  indicator: IndicatorSpec,
  values: Schema.Array(Schema.NullOr(Schema.Number)).annotations({
    description: "One per time; null while the line warms up"
  })
}).annotations({ identifier: "IndicatorLine" })

/** Indicator lines over closed candles, warmed up on the candles before `from`. */
export const IndicatorLines = Schema.Struct({
  symbol: InstrumentSymbol,
  interval: CandleInterval,
  times: Schema.Array(Timestamp).annotations({ description: "The candles' start times" }),
  lines: Schema.Array(IndicatorLine)
}).annotations({ identifier: "IndicatorLines" })
export type IndicatorLines = typeof IndicatorLines.Type
