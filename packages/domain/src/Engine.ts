import { Schema } from "effect"
import { TakeProfitMode } from "./Bots.js"
import { Fee, Held, Price, Quantity } from "./Decimal.js"
import { BotId, ExecutionSignalId, GroupId, OrderId, PortfolioId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { Page, pageCursor, pageLimit } from "./Paging.js"
import { Timestamp } from "./Timestamp.js"

/**
 * A position group's life: `waiting` (opened, its entry not filled yet) → `live` (holding) →
 * `partially_filled` (part of the position taken off by a take-profit, the rest still held) →
 * `closing` (an exit, a stop-loss or the last take-profit under way) → `closed`; `failed` when
 * its entry could not be placed or filled.
 */
export const GroupState = Schema.Literal(
  "waiting",
  "live",
  "partially_filled",
  "closing",
  "closed",
  "failed"
).annotations({ identifier: "GroupState" })
export type GroupState = typeof GroupState.Type

/** What an order is for. */
export const OrderRole = Schema.Literal("base", "safety", "take_profit", "stop_loss", "exit")
export type OrderRole = typeof OrderRole.Type

/**
 * `new`: stored, not yet acknowledged by the exchange (placing it again is safe: the client order
 * id makes it idempotent); `open` and `partially_filled` at the exchange; then `filled`,
 * `cancelled` or `rejected`.
 */
export const OrderStatus = Schema.Literal(
  "new",
  "open",
  "partially_filled",
  "filled",
  "cancelled",
  "rejected"
).annotations({ identifier: "OrderStatus" })
export type OrderStatus = typeof OrderStatus.Type

export const GroupOrder = Schema.Struct({
  id: OrderId,
  clientOrderId: Schema.String.annotations({
    description: "The id the order is placed with: placing it twice places it once"
  }),
  exchangeOrderId: Schema.NullOr(Schema.String),
  role: OrderRole,
  leg: Schema.Int.annotations({
    description:
      "An entry's grid level (0: base); a take-profit's slot: 0 the group's target (in hybrid mode the rest after the steps), n leg n's target (per-leg mode) or step n (hybrid)"
  }),
  side: Schema.Literal("buy", "sell"),
  type: Schema.Literal("market", "limit"),
  price: Schema.NullOr(Price).annotations({ description: "The limit, or the expected price" }),
  quantity: Quantity,
  status: OrderStatus,
  filledQuantity: Held,
  averageFillPrice: Schema.NullOr(Price),
  fee: Fee,
  message: Schema.String,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "GroupOrder" })
export type GroupOrder = typeof GroupOrder.Type

export const PositionGroup = Schema.Struct({
  id: GroupId,
  botId: BotId,
  botName: Schema.String,
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol,
  state: GroupState,
  entries: Schema.Int.annotations({ description: "Entries taken (pyramids)" }),
  quantity: Held.annotations({ description: "Held now: bought minus sold" }),
  averagePrice: Schema.NullOr(Price).annotations({ description: "Of what was bought" }),
  realizedPnl: Schema.String.annotations({
    description:
      "Of what was sold: the proceeds less the sales' fees and the sold part of the cost (purchase fees included)"
  }),
  closeReason: Schema.NullOr(Schema.String),
  openedAt: Timestamp,
  closedAt: Schema.NullOr(Timestamp)
}).annotations({ identifier: "PositionGroup" })
export type PositionGroup = typeof PositionGroup.Type

export const PositionGroupDetail = Schema.Struct({
  ...PositionGroup.fields,
  takeProfit: TakeProfitMode.annotations({ description: "The bot's mode when the group opened" }),
  orders: Schema.Array(GroupOrder)
}).annotations({ identifier: "PositionGroupDetail" })
export type PositionGroupDetail = typeof PositionGroupDetail.Type

export const GroupListParams = Schema.Struct({
  state: Schema.optional(Schema.Literal("open", "closed")),
  limit: pageLimit(200, 50),
  cursor: pageCursor
})

export const GroupPage = Page("GroupPage", PositionGroup)

/** How a signal was read against the bot's open group. */
export const SignalKind = Schema.Literal("entry", "add", "exit", "reverse")
export type SignalKind = typeof SignalKind.Type

/**
 * `queued`: an entry waiting for a risk limit to free capacity; it is then acted on, or ends
 * `replaced` (a newer signal for the symbol came) or `expired`.
 */
export const ExecutionSignalState = Schema.Literal(
  "received",
  "queued",
  "done",
  "invalid",
  "expired",
  "replaced"
)

/** A signal the engine received: from a TradingView alert or from a watched strategy. */
export const ExecutionSignal = Schema.Struct({
  id: ExecutionSignalId,
  source: Schema.Literal("tradingview", "strategy"),
  botId: Schema.NullOr(BotId),
  symbol: Schema.String,
  action: Schema.Literal("buy", "sell"),
  kind: Schema.NullOr(SignalKind),
  state: ExecutionSignalState,
  reason: Schema.String.annotations({ description: "What was done, or why it was not" }),
  groupId: Schema.NullOr(GroupId),
  sentAt: Schema.NullOr(Timestamp),
  receivedAt: Timestamp
}).annotations({ identifier: "ExecutionSignal" })
export type ExecutionSignal = typeof ExecutionSignal.Type

export const ExecutionSignalPage = Page("ExecutionSignalPage", ExecutionSignal)

export const ExecutionSignalParams = Schema.Struct({
  limit: pageLimit(200, 50),
  cursor: pageCursor
})

/** The user's TradingView webhook: its path; the secret is shown once, when made. */
export const TradingViewHook = Schema.Struct({
  configured: Schema.Boolean,
  path: Schema.NullOr(Schema.String).annotations({
    description: "POST alerts here, e.g. /api/hooks/tv/<hookId>"
  }),
  createdAt: Schema.NullOr(Timestamp)
}).annotations({ identifier: "TradingViewHook" })
export type TradingViewHook = typeof TradingViewHook.Type

export const NewTradingViewHook = Schema.Struct({
  path: Schema.String,
  secret: Schema.String.annotations({
    description: 'Put it in each alert\'s JSON as "secret"; it is not shown again'
  })
}).annotations({ identifier: "NewTradingViewHook" })
export type NewTradingViewHook = typeof NewTradingViewHook.Type

const Numeric = Schema.Union(Schema.Number, Schema.NumberFromString).pipe(
  Schema.filter((n) => Number.isFinite(n) || "must be a number")
)

/**
 * A TradingView alert's message, with its placeholders filled in by TradingView: e.g.
 * `"action": "{{strategy.order.action}}"`, `"time": "{{timenow}}"`.
 */
export const TradingViewAlert = Schema.Struct({
  secret: Schema.String.pipe(Schema.maxLength(200)),
  bot: BotId,
  ticker: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(40)).annotations({
    description: "{{ticker}}: must be the bot's symbol or its exchange symbol"
  }),
  action: Schema.Literal("buy", "sell").annotations({ description: "{{strategy.order.action}}" }),
  contracts: Schema.optional(Numeric).annotations({
    description: "{{strategy.order.contracts}}: kept in the signal; the bot's grid sizes orders"
  }),
  price: Schema.optional(Numeric).annotations({ description: "{{close}}" }),
  marketPosition: Schema.optional(Schema.Literal("long", "short", "flat")).annotations({
    description: "{{strategy.market_position}}"
  }),
  prevMarketPosition: Schema.optional(Schema.Literal("long", "short", "flat")).annotations({
    description: "{{strategy.prev_market_position}}"
  }),
  time: Schema.DateFromString.annotations({ description: "{{timenow}}" }),
  id: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))).annotations({
    description:
      "A dedupe key, e.g. {{strategy.order.id}}-{{timenow}}; default: the bot, action, ticker and time"
  })
}).annotations({ identifier: "TradingViewAlert" })
export type TradingViewAlert = typeof TradingViewAlert.Type

export const SignalAccepted = Schema.Struct({
  id: ExecutionSignalId,
  duplicate: Schema.Boolean.annotations({ description: "Received before: not acted on again" })
}).annotations({ identifier: "SignalAccepted" })
