import { Schema } from "effect"

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
