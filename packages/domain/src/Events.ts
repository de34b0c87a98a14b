import { Schema } from "effect"
import { ConnectionStatus } from "./ConnectionStatus.js"
import { ConnectionId, PortfolioId, SignalId, TransactionId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { LatestPrice } from "./MarketData.js"
import { Signal } from "./Signal.js"

const Action = Schema.Literal("created", "updated", "deleted")

/** A statement changed some of a portfolio's transactions (one event per portfolio). */
export const TransactionsChanged = Schema.Struct({
  type: Schema.Literal("transactions.changed"),
  portfolioId: PortfolioId,
  action: Action,
  count: Schema.Int,
  transactionIds: Schema.Array(TransactionId).annotations({
    description: "The transactions changed, when there were at most 100; else empty"
  })
}).annotations({ identifier: "TransactionsChanged" })

export const PortfolioChanged = Schema.Struct({
  type: Schema.Literal("portfolio.changed"),
  portfolioId: PortfolioId,
  action: Action
}).annotations({ identifier: "PortfolioChanged" })

/** How far a background job the user started has come (the last one tells its end). */
export const JobProgress = Schema.Struct({
  type: Schema.Literal("job.progress"),
  job: Schema.Literal("account-export", "backtest", "document", "parameter-search"),
  id: Schema.UUID.annotations({ description: "What the job makes (the export's id)" }),
  state: Schema.Literal("running", "ready", "failed"),
  percent: Schema.Int.pipe(Schema.between(0, 100)),
  message: Schema.String
}).annotations({ identifier: "JobProgress" })
export type JobProgress = typeof JobProgress.Type

/** A watched strategy signalled on a newly closed candle. */
export const SignalRaised = Schema.Struct({
  type: Schema.Literal("signal"),
  signal: Signal
}).annotations({ identifier: "SignalRaised" })
export type SignalRaised = typeof SignalRaised.Type

/** A signal's post to the owner's webhook ended: delivered, or failed after its retries. */
export const SignalPosted = Schema.Struct({
  type: Schema.Literal("signal.webhook"),
  signalId: SignalId,
  symbol: InstrumentSymbol,
  webhook: Schema.Struct({ state: Schema.Literal("sent", "failed"), message: Schema.String })
}).annotations({ identifier: "SignalPosted" })
export type SignalPosted = typeof SignalPosted.Type

/**
 * The execution engine changed something of the user's: a position group's state, a received
 * signal's (queued, acted on, refused…), a manual order's status or fill.
 */
export const ExecutionChanged = Schema.Struct({
  type: Schema.Literal("execution.changed"),
  kind: Schema.Literal("group", "signal", "order"),
  id: Schema.UUID,
  state: Schema.String
}).annotations({ identifier: "ExecutionChanged" })
export type ExecutionChanged = typeof ExecutionChanged.Type

/** An exchange connection's periodic check found it working again, or failing. */
export const ConnectionChanged = Schema.Struct({
  type: Schema.Literal("connection.changed"),
  connection: Schema.Struct({
    id: ConnectionId,
    name: Schema.String,
    status: ConnectionStatus,
    statusMessage: Schema.String
  })
}).annotations({ identifier: "ConnectionChanged" })
export type ConnectionChanged = typeof ConnectionChanged.Type

/** The changes kept in the outbox: they carry an id and are replayed after a reconnection. */
export const StoredEvent = Schema.Union(
  TransactionsChanged,
  PortfolioChanged,
  JobProgress,
  SignalRaised,
  SignalPosted,
  ConnectionChanged,
  ExecutionChanged
)
export type StoredEvent = typeof StoredEvent.Type

/** A new price of a symbol the user holds. Not stored: after a reconnection, read prices anew. */
export const PriceChanged = Schema.Struct({
  type: Schema.Literal("price"),
  ...LatestPrice.fields
}).annotations({ identifier: "PriceChanged" })

/**
 * The events missed since Last-Event-ID cannot all be replayed (too many, or past retention):
 * reload everything, then follow the stream from here.
 */
export const Resync = Schema.Struct({
  type: Schema.Literal("resync")
}).annotations({ identifier: "Resync" })

/** The `data` of a message on GET /api/events (a JSON object; `type` tells which). */
export const StreamEvent = Schema.Union(
  TransactionsChanged,
  PortfolioChanged,
  JobProgress,
  SignalRaised,
  SignalPosted,
  ConnectionChanged,
  ExecutionChanged,
  PriceChanged,
  Resync
)
export type StreamEvent = typeof StreamEvent.Type
