import { BigDecimal, Schema } from "effect"
import { ExchangeMode } from "./Connections.js"
import { PositiveDecimal } from "./Decimal.js"
import { GridSettings } from "./Grids.js"
import { BotId, ConnectionId, PortfolioId, WatchId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

/** Bots one user may have. */
export const MAX_BOTS = 20

/** Same-direction entries (pyramids) one position group may take at most. */
export const MAX_ENTRIES = 10

/** Partial take-profit steps a hybrid take-profit may have. */
export const MAX_TAKE_PROFIT_STEPS = 5

const percentBelow = (name: string, max: number) =>
  PositiveDecimal.pipe(
    Schema.filter(
      (s) =>
        BigDecimal.lessThan(BigDecimal.unsafeFromString(s), BigDecimal.fromNumber(max)) ||
        `${name} must be greater than 0 and less than ${max}`
    )
  )

/** A partial take-profit: `sharePercent` of the position sold at `percent` above the average. */
export const TakeProfitStep = strictStruct("TakeProfitStep", {
  percent: percentBelow("percent", 1000).annotations({
    description: "Its distance above the average entry, in percent"
  }),
  sharePercent: percentBelow("sharePercent", 100).annotations({
    description: "The part of the position it sells, in percent"
  })
})
export type TakeProfitStep = typeof TakeProfitStep.Type

/**
 * How a group takes profit: `aggregate` sells the whole position at the grid's take-profit above
 * the average entry (moved after each fill); `leg` sells each filled order on its own at the
 * take-profit above that order's price; `hybrid` sells the steps' shares at their distances
 * above the average, and the rest at the grid's take-profit.
 */
export const TakeProfitMode = Schema.Literal("aggregate", "leg", "hybrid").annotations({
  identifier: "TakeProfitMode"
})
export type TakeProfitMode = typeof TakeProfitMode.Type

/** Settings of a bot: the grid, how it takes profit and cuts loss, and how many entries. */
export const BotSettings = strictStruct("BotSettings", {
  grid: GridSettings.pipe(
    Schema.filter(
      (g) =>
        g.direction === "long" || {
          path: ["direction"],
          message: "Bots trade spot markets: long only (a short needs margin)"
        }
    )
  ),
  takeProfit: TakeProfitMode,
  takeProfitSteps: Schema.optionalWith(
    Schema.Array(TakeProfitStep).pipe(
      Schema.maxItems(MAX_TAKE_PROFIT_STEPS, {
        message: () => `At most ${MAX_TAKE_PROFIT_STEPS} take-profit steps`
      })
    ),
    { default: () => [] }
  ).annotations({ description: "hybrid only: the partial steps, nearest first" }),
  stopLossPercent: Schema.optionalWith(Schema.NullOr(percentBelow("stopLossPercent", 100)), {
    default: () => null
  }).annotations({
    description:
      "Closes the group at market when the price is this far below the average entry; null: none"
  }),
  maxEntries: Schema.optionalWith(
    Schema.Int.pipe(
      Schema.between(1, MAX_ENTRIES, {
        message: () => `maxEntries must be a whole number from 1 to ${MAX_ENTRIES}`
      })
    ),
    { default: () => 1 }
  ).annotations({
    description: "Entries one group may take: 1 takes none after the first; more pyramid"
  })
}).pipe(
  Schema.filter((s) => {
    if (s.takeProfit !== "hybrid")
      return (
        s.takeProfitSteps.length === 0 || {
          path: ["takeProfitSteps"],
          message: "Only a hybrid take-profit has steps"
        }
      )
    if (s.takeProfitSteps.length === 0)
      return { path: ["takeProfitSteps"], message: "A hybrid take-profit needs at least one step" }
    const shares = s.takeProfitSteps.reduce(
      (sum, step) => BigDecimal.sum(sum, BigDecimal.unsafeFromString(step.sharePercent)),
      BigDecimal.fromBigInt(0n)
    )
    return (
      BigDecimal.lessThan(shares, BigDecimal.fromBigInt(100n)) || {
        path: ["takeProfitSteps"],
        message:
          "The steps' shares must add up to less than 100%: the rest is sold at the take-profit"
      }
    )
  })
)
export type BotSettings = typeof BotSettings.Type

export const BotName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "Name must not be empty" }),
  Schema.maxLength(60, { message: () => "Name must be at most 60 characters" })
)

/** The exchange's own name of the market, e.g. BTC/USDT: testnet and live connections need it. */
export const ExchangeSymbol = Schema.String.pipe(
  Schema.pattern(/^[A-Z0-9]{1,12}\/[A-Z0-9]{1,12}$/, {
    message: () => 'exchangeSymbol must be the exchange\'s market, such as "BTC/USDT"'
  })
)

/**
 * A bot: where and how signals for one instrument are traded. Each entry signal opens a position
 * group on the connection, whose fills are recorded in the portfolio.
 */
export const Bot = Schema.Struct({
  id: BotId,
  name: Schema.String,
  connectionId: ConnectionId,
  connectionName: Schema.String,
  mode: ExchangeMode,
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol,
  exchangeSymbol: Schema.NullOr(Schema.String),
  settings: BotSettings,
  enabled: Schema.Boolean,
  priority: Schema.Int,
  watchId: Schema.NullOr(WatchId).annotations({
    description: "A watched strategy whose signals it trades too; null: TradingView's only"
  }),
  openGroups: Schema.Int.annotations({ description: "Its groups not closed yet" }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Bot" })
export type Bot = typeof Bot.Type

export const BotList = Schema.Struct({ items: Schema.Array(Bot) }).annotations({
  identifier: "BotList"
})

/** A bot's weight in the signal queue, 1 to 10 (see RiskLimits). */
export const BotPriority = Schema.Int.pipe(
  Schema.between(1, 10, { message: () => "priority must be a whole number from 1 to 10" })
).annotations({
  description: "Its entries' rank in the signal queue: 1 (last) to 10 (first); default 5"
})

export const CreateBot = strictStruct("CreateBot", {
  name: BotName,
  connectionId: ConnectionId,
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol,
  exchangeSymbol: Schema.optionalWith(Schema.NullOr(ExchangeSymbol), { default: () => null }),
  settings: BotSettings,
  enabled: Schema.optionalWith(Schema.Boolean, { default: () => true }),
  priority: Schema.optionalWith(BotPriority, { default: () => 5 }),
  watchId: Schema.optionalWith(Schema.NullOr(WatchId), { default: () => null }).annotations({
    description: "Also trade the signals of this watch (of the bot's instrument)"
  })
})
export type CreateBot = typeof CreateBot.Type

export const UpdateBot = strictStruct("UpdateBot", {
  name: Schema.optional(BotName),
  settings: Schema.optional(BotSettings),
  enabled: Schema.optional(Schema.Boolean),
  priority: Schema.optional(BotPriority),
  watchId: Schema.optional(Schema.NullOr(WatchId))
}).annotations({ description: "New settings apply to groups opened from now on" })
export type UpdateBot = typeof UpdateBot.Type
