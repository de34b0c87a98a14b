import { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import { Duration, Effect, Runtime, Schema } from "effect"
import PgBoss from "pg-boss"
import { AppConfig } from "../AppConfig.js"
import { DbPool } from "../Database/Database.js"
import { JOBS_SCHEMA, type JobDefinition } from "./JobDefinition.js"

export interface SendOptions {
  /**
   * With `singletonSeconds`: one job per key in each window of that many seconds; a second
   * send in the window is dropped (null).
   */
  readonly singletonKey?: string
  readonly singletonSeconds?: number
  /** Not run before this time. */
  readonly startAfter?: Date
}

const failed = (message: string) => (cause: unknown) => new SqlError({ cause, message })

/**
 * Background jobs on PostgreSQL through pg-boss, which claims them with `SKIP LOCKED` (no
 * LISTEN/NOTIFY, no session state: safe behind PgBouncer in transaction pooling) over the app's
 * own pool. Sending inside `sql.withTransaction` writes the job in that transaction: it exists
 * only if the business write commits. pg-boss's maintenance (expiring lost jobs, retention)
 * and its cron clock run in every process, each step under a transaction-scoped lock.
 */
export class JobQueue extends Effect.Service<JobQueue>()("JobQueue", {
  scoped: Effect.gen(function* () {
    const pool = yield* DbPool
    const config = yield* AppConfig
    const sql = yield* SqlClient.SqlClient
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: JOBS_SCHEMA,
      migrate: false,
      supervise: true,
      schedule: true,
      maintenanceIntervalSeconds: Duration.toSeconds(config.jobMaintenanceInterval)
    })
    const runtime = yield* Effect.runtime<never>()
    boss.on("error", (error) =>
      Runtime.runFork(runtime)(Effect.logWarning("Background jobs: a step failed", error.message))
    )
    yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => boss.start(),
        catch: failed("Background jobs did not start")
      }),
      // Jobs still running when the grace ends are failed, so they retry elsewhere.
      () =>
        Effect.promise(() => boss.stop({ graceful: true, timeout: 20_000, close: false })).pipe(
          Effect.timeoutOption(25_000)
        )
    )

    /** Queues a job, in the caller's database transaction when there is one. */
    const send = <A, I>(definition: JobDefinition<A, I>, payload: A, options: SendOptions = {}) =>
      Effect.gen(function* () {
        const data = yield* Schema.encode(definition.payload)(payload).pipe(Effect.orDie)
        // This fiber's runtime carries the transaction's connection, if any.
        const here = yield* Effect.runtime<never>()
        const db = {
          executeSql: (text: string, values: Array<unknown>) =>
            Runtime.runPromise(here)(sql.unsafe(text, values)).then((rows) => ({ rows: [...rows] }))
        }
        return yield* Effect.tryPromise({
          try: () => boss.send(definition.name, data as object, { ...options, db }),
          catch: failed(`Could not queue a ${definition.name} job`)
        })
      }).pipe(Effect.withSpan("JobQueue.send", { attributes: { queue: definition.name } }))

    /** Sends the job on a cron schedule (UTC), once per tick across all processes. */
    const schedule = <A, I>(definition: JobDefinition<A, I>, cron: string, payload: A) =>
      Effect.flatMap(Schema.encode(definition.payload)(payload).pipe(Effect.orDie), (data) =>
        Effect.tryPromise({
          try: () => boss.schedule(definition.name, cron, data as object, { tz: "UTC" }),
          catch: failed(`Could not schedule ${definition.name}`)
        })
      )

    return { boss, send, schedule } as const
  })
}) {}
