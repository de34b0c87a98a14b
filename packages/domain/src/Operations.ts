import { Schema } from "effect"
import { Timestamp } from "./Timestamp.js"

const Count = Schema.Int.pipe(Schema.nonNegative())

/** One background-job queue's backlog. */
export class QueueStats extends Schema.Class<QueueStats>("QueueStats")({
  queue: Schema.String,
  /** Due now and not yet taken (new, or a retry whose delay has passed). */
  waiting: Count,
  /** Queued for later: a delayed job, or a retry still waiting out its delay. */
  scheduled: Count,
  active: Count,
  /** Failed for the last time, kept until pg-boss's retention removes them. */
  failed: Count,
  /** Seconds the oldest due job has waited; 0 when none waits. */
  oldestWaitingSeconds: Schema.NonNegative
}) {}

const Seconds = Schema.NonNegative

/** Requests answered over the last minute: rate, share of 5xx answers, 95th percentile time. */
export const RequestFigures = Schema.Struct({
  perMinute: Count,
  errorRatePercent: Schema.NonNegative,
  p95Ms: Schema.NullOr(Schema.NonNegative).annotations({
    description: "Null without requests; an upper bound (the histogram bucket it falls in)"
  })
}).annotations({ identifier: "RequestFigures" })
export type RequestFigures = typeof RequestFigures.Type

/** One running process (app replica or worker) as it last reported itself. */
export const ReplicaReport = Schema.Struct({
  id: Schema.String.annotations({ description: "Host name and process id" }),
  role: Schema.Literal("app", "worker"),
  version: Schema.String,
  startedAt: Timestamp,
  uptimeSeconds: Seconds,
  lastSeenSecondsAgo: Seconds,
  requests: RequestFigures,
  openEventStreams: Count,
  eventLagSeconds: Seconds.annotations({
    description: "From the last delivered event's commit to its hand-over; 0 before any"
  }),
  pool: Schema.Struct({ total: Count, idle: Count, waiting: Count })
}).annotations({ identifier: "ReplicaReport" })
export type ReplicaReport = typeof ReplicaReport.Type

/** How fresh one instrument's market data is. */
export const InstrumentFreshness = Schema.Struct({
  symbol: Schema.String,
  active: Schema.Boolean,
  lastCandleAgeSeconds: Schema.NullOr(Seconds).annotations({
    description: "Since the end of its newest candle; null without candles"
  }),
  lastTradeAgeSeconds: Schema.NullOr(Seconds).annotations({
    description: "Since its newest public trade; null without trades"
  })
}).annotations({ identifier: "InstrumentFreshness" })
export type InstrumentFreshness = typeof InstrumentFreshness.Type

/** What an operator looks at first: every part of the system and how it is doing. */
export const OperationsDashboard = Schema.Struct({
  generatedAt: Timestamp,
  database: Schema.Struct({
    reachable: Schema.Boolean,
    latencyMs: Schema.NullOr(Schema.NonNegative),
    version: Schema.NullOr(Schema.String),
    sizeBytes: Schema.NullOr(Count),
    connections: Schema.NullOr(Count).annotations({
      description: "Server connections to this database (through PgBouncer: its pool's)"
    }),
    maxConnections: Schema.NullOr(Count)
  }),
  requests: RequestFigures.annotations({ description: "Every live replica together" }),
  replicas: Schema.Array(ReplicaReport).annotations({
    description: "Processes that reported within the last minute, app replicas first"
  }),
  marketData: Schema.Array(InstrumentFreshness),
  librarian: Schema.Struct({
    service: Schema.String,
    reachability: Schema.String,
    breaker: Schema.String
  }),
  jobs: Schema.Array(QueueStats),
  events: Schema.Struct({
    openStreams: Count,
    maxLagSeconds: Schema.NullOr(Seconds)
  })
}).annotations({ identifier: "OperationsDashboard" })
export type OperationsDashboard = typeof OperationsDashboard.Type
