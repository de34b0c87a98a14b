import type { Schema } from "effect"

/** How a queue treats its jobs: retries, how long one may run, how many at a time. */
export interface QueueSettings {
  /** Runs after the first that a failed job gets before it goes to the dead-letter queue. */
  readonly retryLimit: number
  /** Seconds before the first retry; doubled on each later one when `retryBackoff`. */
  readonly retryDelaySeconds: number
  readonly retryBackoff: boolean
  /** A job running longer than this is taken as lost and run again (as after a crash). */
  readonly expireInSeconds: number
  /** Jobs fetched per round trip, and rounds run side by side in each process. */
  readonly batchSize: number
  readonly workers: number
  /** How often an idle worker asks for new jobs (at least 0.5 s). */
  readonly pollingIntervalSeconds: number
}

/**
 * A kind of background work: its queue's name, the Schema of its payload (checked when it is
 * sent and again when it is run, so a job written by an older release fails clearly) and the
 * queue's settings. Definitions are data: the migration step creates their queues, the app
 * sends them, the workers bind them to handlers.
 */
export interface JobDefinition<A, I> {
  readonly name: string
  readonly payload: Schema.Schema<A, I>
  readonly settings: QueueSettings
}

export const DEFAULT_SETTINGS: QueueSettings = {
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  batchSize: 10,
  workers: 1,
  pollingIntervalSeconds: 0.5
}

export const defineJob = <A, I>(definition: {
  readonly name: string
  readonly payload: Schema.Schema<A, I>
  readonly settings?: Partial<QueueSettings>
}): JobDefinition<A, I> => ({
  name: definition.name,
  payload: definition.payload,
  settings: { ...DEFAULT_SETTINGS, ...definition.settings }
})

/** Where a job goes once its retries are spent: kept for an operator to look at and retry. */
export const deadLetterOf = (name: string) => `${name}__dead`

/** The schema pg-boss keeps its tables in. */
export const JOBS_SCHEMA = "pgboss"
