import { Schema } from "effect"
import { Price } from "./Decimal.js"
import { SignalId, StrategyId, WatchId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { Timestamp } from "./Timestamp.js"

// Apart from the watches' schemas (Signals.ts): the event stream, on every page, carries it.

export const SignalSide = Schema.Literal("entry", "exit")
export const SignalReason = Schema.Literal("rule", "stopLoss", "takeProfit", "trailingStop")
export type SignalReason = typeof SignalReason.Type
export const WebhookState = Schema.Literal("none", "pending", "sent", "failed")

/** What a watched strategy said on a closed candle. */
export const Signal = Schema.Struct({
  id: SignalId,
  watchId: WatchId,
  strategyId: StrategyId,
  strategyName: Schema.String,
  version: Schema.Int,
  symbol: InstrumentSymbol,
  side: SignalSide,
  reason: SignalReason.annotations({
    description:
      "rule: the entry or exit rule held on the candle's close (the order is for the next open); stopLoss, takeProfit, trailingStop: the level was reached inside the candle"
  }),
  barTime: Timestamp.annotations({ description: "The start of the candle that signalled" }),
  price: Price.annotations({
    description: "The candle's close for a rule; the level's fill price for a stop or target"
  }),
  createdAt: Timestamp,
  webhook: Schema.Struct({ state: WebhookState, message: Schema.String })
}).annotations({ identifier: "Signal" })
export type Signal = typeof Signal.Type
