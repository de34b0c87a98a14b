import { BigDecimal, Schema } from "effect"
import { PositiveDecimal } from "./Decimal.js"
import { SignalKind } from "./Engine.js"
import { BotId, ExecutionSignalId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

/** A kill switch: while engaged, no bot opens or adds to a group; exits and take-profits go on. */
export const KillSwitch = Schema.Struct({
  engaged: Schema.Boolean,
  reason: Schema.String,
  engagedAt: Schema.NullOr(Timestamp)
}).annotations({ identifier: "KillSwitch" })
export type KillSwitch = typeof KillSwitch.Type

/** The user's own kill switch, and the one administrators hold for every account. */
export const KillSwitches = Schema.Struct({
  user: KillSwitch,
  global: KillSwitch
}).annotations({ identifier: "KillSwitches" })
export type KillSwitches = typeof KillSwitches.Type

export const SetKillSwitch = strictStruct("SetKillSwitch", {
  engaged: Schema.Boolean,
  reason: Schema.optionalWith(Schema.Trim.pipe(Schema.maxLength(300)), { default: () => "" }),
  closeAll: Schema.optionalWith(Schema.Boolean, { default: () => false }).annotations({
    description: "When engaging: also close every open group at market"
  })
})
export type SetKillSwitch = typeof SetKillSwitch.Type

const limit = (description: string) =>
  Schema.optionalWith(Schema.NullOr(PositiveDecimal), { default: () => null }).annotations({
    description: `${description}; null: no limit`
  })

/**
 * A user's risk limits. Exposure is the capital a group holds or has working in buy orders, in
 * its market's quote currency: an entry that would pass a limit waits in the signal queue.
 */
export const RiskLimits = strictStruct("RiskLimits", {
  maxOpenGroups: Schema.optionalWith(
    Schema.NullOr(
      Schema.Int.pipe(
        Schema.between(1, 100, {
          message: () => "maxOpenGroups must be a whole number from 1 to 100"
        })
      )
    ),
    { default: () => null }
  ).annotations({ description: "Groups open at once; null: no limit" }),
  maxSymbolExposure: limit("Exposure in one symbol, over all its groups"),
  maxTotalExposure: limit("Exposure over every open group"),
  maxDailyLoss: limit(
    "Realised loss since 00:00 UTC at which new entries are refused until the day ends"
  ),
  queueMinutes: Schema.optionalWith(
    Schema.Int.pipe(
      Schema.between(1, 1440, {
        message: () => "queueMinutes must be a whole number from 1 to 1440"
      })
    ),
    { default: () => 60 }
  ).annotations({ description: "How long a blocked entry waits in the queue before it expires" }),
  mitigation: Schema.optionalWith(Schema.Boolean, { default: () => false }).annotations({
    description:
      "Offset a group whose loss passes mitigationLossPercent by closing it together with winning groups whose profit covers the loss"
  }),
  mitigationLossPercent: Schema.optionalWith(
    PositiveDecimal.pipe(
      Schema.filter((s) => {
        const percent = BigDecimal.normalize(BigDecimal.unsafeFromString(s))
        // Stored to two places (numeric(6, 2)): a finer figure would be rounded, even to 0.
        return (
          (BigDecimal.lessThan(percent, BigDecimal.fromBigInt(100n)) && percent.scale <= 2) ||
          "mitigationLossPercent must be less than 100, with at most 2 decimals"
        )
      })
    ),
    { default: () => "10" as PositiveDecimal }
  ).annotations({
    description: "A group's unrealised loss, in percent of its cost, that starts it"
  })
})
export type RiskLimits = typeof RiskLimits.Type

/** An entry waiting in the queue for capacity. */
export const QueuedSignal = Schema.Struct({
  id: ExecutionSignalId,
  botId: BotId,
  botName: Schema.String,
  symbol: InstrumentSymbol,
  kind: SignalKind,
  reason: Schema.String.annotations({ description: "The limit it waits for" }),
  priority: Schema.Int.annotations({
    description:
      "100 × the bot's priority − the whole minutes it has waited; the highest goes first"
  }),
  receivedAt: Timestamp,
  expiresAt: Timestamp
}).annotations({ identifier: "QueuedSignal" })
export type QueuedSignal = typeof QueuedSignal.Type

/** The user's limits, how much of them is used, and the queue. */
export const RiskOverview = Schema.Struct({
  limits: RiskLimits,
  openGroups: Schema.Int,
  totalExposure: Schema.String,
  symbols: Schema.Array(
    Schema.Struct({ symbol: InstrumentSymbol, groups: Schema.Int, exposure: Schema.String })
  ),
  realisedToday: Schema.String.annotations({
    description: "Realised P&L of the groups closed since 00:00 UTC, after fees"
  }),
  entriesHalted: Schema.NullOr(Schema.String).annotations({
    description:
      "Why new entries are refused now (a kill switch, the daily loss); null: they are not"
  }),
  queue: Schema.Array(QueuedSignal)
}).annotations({ identifier: "RiskOverview" })
export type RiskOverview = typeof RiskOverview.Type
