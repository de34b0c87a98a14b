import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { type Duration, Effect, Metric, Schedule } from "effect"

export const tickRuns = Metric.counter("tick_runs_total", {
  description: "Periodic ticks run in this process, by tick and outcome (ok, failed)",
  incremental: true
})

export const tickClaimed = Metric.counter("tick_claimed_total", {
  description: "Due rows claimed and handled by this process's ticks, by tick",
  incremental: true
})

/**
 * Work that must happen every few seconds on due rows (order monitoring, expiries): every
 * replica runs it on its own schedule, with no leader. `claim` runs in one transaction: it
 * selects due rows with `FOR UPDATE SKIP LOCKED` (a row locked by another replica's tick is
 * skipped, not waited for), handles them and marks them handled before the transaction ends,
 * answering how many it took. Row locks end with the transaction, so this works through
 * PgBouncer in transaction pooling, and a replica that dies mid-tick releases its rows.
 */
export interface Tick<R> {
  readonly name: string
  readonly every: Duration.Duration
  /** Most rows one transaction claims: a full batch is followed at once by another. */
  readonly batch: number
  readonly claim: (batch: number) => Effect.Effect<number, SqlError, R>
  /**
   * false: `claim` runs outside a transaction, for work that waits on another service (it then
   * claims its rows with a lease, in one statement, instead of holding their locks).
   */
  readonly transactional?: boolean
}

/** Runs the ticks in this process until its scope closes. */
export const runTicks = <R>(ticks: ReadonlyArray<Tick<R>>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    for (const tick of ticks) {
      const runs = (outcome: string) =>
        Metric.increment(
          Metric.tagged(Metric.tagged(tickRuns, "tick", tick.name), "outcome", outcome)
        )
      const claimed = Metric.tagged(tickClaimed, "tick", tick.name)
      const claim = tick.claim(tick.batch)
      const once = (tick.transactional === false ? claim : sql.withTransaction(claim)).pipe(
        Effect.tap((n) => Effect.zipRight(runs("ok"), Metric.incrementBy(claimed, n))),
        Effect.catchAllCause((cause) =>
          Effect.zipRight(
            runs("failed"),
            Effect.as(Effect.logWarning(`The ${tick.name} tick failed`, cause), 0)
          )
        )
      )
      // A full batch leaves more due rows: take them now rather than after the interval.
      const drain = once.pipe(Effect.repeat({ while: (n) => n >= tick.batch }))
      yield* drain.pipe(Effect.repeat(Schedule.spaced(tick.every)), Effect.forkScoped)
    }
  })
