import { Schema } from "effect"
import { CashAmount } from "./Decimal.js"
import { StrategyId, WatchId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { CandleInterval } from "./MarketData.js"
import { Page, pageCursor, pageLimit } from "./Paging.js"
import { Signal } from "./Signal.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

/** Running watches one account may have. */
export const MAX_RUNNING_WATCHES = 10

/**
 * A strategy version followed on the live market: replayed from the candle in progress when the
 * watch began through each newly closed candle, as a backtest of that span would play it.
 */
export const Watch = Schema.Struct({
  id: WatchId,
  strategyId: StrategyId,
  strategyName: Schema.String,
  version: Schema.Int,
  symbols: Schema.Array(InstrumentSymbol),
  timeframe: CandleInterval,
  initialCapital: CashAmount,
  startedAt: Timestamp.annotations({ description: "The first candle that may signal" }),
  stoppedAt: Schema.NullOr(Timestamp),
  lastBar: Schema.NullOr(Timestamp).annotations({ description: "The latest closed candle read" }),
  nextCheckAt: Schema.NullOr(Timestamp).annotations({
    description: "When the next candle closes and is read; null once stopped"
  }),
  webhook: Schema.Boolean.annotations({ description: "Whether its signals go to your webhook" }),
  signals: Schema.Int.annotations({ description: "Signals so far" }),
  message: Schema.String.annotations({ description: "Why it stopped by itself, or a problem" }),
  createdAt: Timestamp
}).annotations({ identifier: "Watch" })
export type Watch = typeof Watch.Type

export const WatchList = Schema.Struct({ items: Schema.Array(Watch) }).annotations({
  identifier: "WatchList",
  description: "Running watches first, then stopped ones, newest first"
})

export const CreateWatch = strictStruct("CreateWatch", {
  strategyId: StrategyId,
  version: Schema.optional(
    Schema.Int.pipe(Schema.positive()).annotations({ description: "Default: the latest" })
  ),
  initialCapital: Schema.optionalWith(CashAmount, {
    default: () => "10000" as CashAmount
  }).annotations({ description: "What % of equity sizing is of. Default 10000" }),
  webhook: Schema.optionalWith(Schema.Boolean, { default: () => false }).annotations({
    description: "Post its signals to your webhook (set one first)"
  })
})
export type CreateWatch = typeof CreateWatch.Type

export const UpdateWatch = strictStruct("UpdateWatch", {
  webhook: Schema.Boolean
})
export type UpdateWatch = typeof UpdateWatch.Type

export const SignalPage = Page("SignalPage", Signal)

export const SignalListParams = Schema.Struct({
  watchId: Schema.optional(WatchId),
  limit: pageLimit(200, 50),
  cursor: pageCursor
})

/** Where signals are posted: only the host is shown, the address holds the receiver's token. */
export const SignalWebhook = Schema.Struct({
  configured: Schema.Boolean,
  host: Schema.NullOr(Schema.String),
  updatedAt: Schema.NullOr(Timestamp)
}).annotations({ identifier: "SignalWebhook" })
export type SignalWebhook = typeof SignalWebhook.Type

export const SetSignalWebhook = strictStruct("SetSignalWebhook", {
  url: Schema.Trim.pipe(
    Schema.minLength(1, { message: () => "Enter the webhook's address" }),
    Schema.maxLength(2000, { message: () => "The address must be at most 2000 characters" })
  ).annotations({
    description: "A Discord-style incoming webhook: JSON is POSTed to it (https)"
  })
})
export type SetSignalWebhook = typeof SetSignalWebhook.Type

/** The answer of the receiver to a test message. */
export const WebhookTestResult = Schema.Struct({
  delivered: Schema.Boolean,
  status: Schema.NullOr(Schema.Int).annotations({ description: "The receiver's HTTP status" }),
  message: Schema.String
}).annotations({ identifier: "WebhookTestResult" })
export type WebhookTestResult = typeof WebhookTestResult.Type
