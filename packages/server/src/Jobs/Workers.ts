import { Cause, Duration, Effect, Metric, MetricBoundaries, Runtime, Schema } from "effect"
import type PgBoss from "pg-boss"
import type { JobDefinition } from "./JobDefinition.js"
import { JobQueue } from "./JobQueue.js"

export const jobsProcessed = Metric.counter("jobs_processed_total", {
  description: "Background jobs run, by queue and outcome (completed, retried, dead)",
  incremental: true
})

export const jobDuration = Metric.histogram(
  "job_duration_seconds",
  MetricBoundaries.fromIterable([0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300]),
  "Time to run a background job, by queue"
)

/** What a job's handler learns besides its payload. */
export interface JobContext {
  readonly id: string
  /** 0 on the first run. */
  readonly retryCount: number
}

/** A job definition bound to the work it does: its stored payload decoded, then run. */
export interface JobHandler<R> {
  readonly definition: Pick<JobDefinition<unknown, unknown>, "name" | "settings">
  readonly process: (data: unknown, job: JobContext) => Effect.Effect<void, unknown, R>
}

export const handle = <A, I, E, R>(
  definition: JobDefinition<A, I>,
  run: (payload: A, job: JobContext) => Effect.Effect<void, E, R>
): JobHandler<R> => {
  const decode = Schema.decodeUnknown(definition.payload)
  return { definition, process: (data, job) => Effect.flatMap(decode(data), (a) => run(a, job)) }
}

/**
 * Runs the handlers' queues in this process (JobQueue's release stops them: pg-boss stops taking
 * jobs and waits for those in hand). Each job of a batch runs on its own: one that fails is
 * marked failed (to be retried with backoff, then moved to the dead-letter queue) without
 * failing the others, which pg-boss completes together.
 */
type ContextOf<H> = H extends JobHandler<infer R> ? R : never

export const runWorkers = <const H extends ReadonlyArray<JobHandler<unknown>>>(handlers: H) =>
  Effect.gen(function* () {
    const { boss } = yield* JobQueue
    const runtime = yield* Effect.runtime<ContextOf<H[number]>>()
    for (const { definition, process } of handlers) {
      const { name, settings } = definition
      const count = (outcome: string) =>
        Metric.increment(
          Metric.tagged(Metric.tagged(jobsProcessed, "queue", name), "outcome", outcome)
        )
      const duration = Metric.tagged(jobDuration, "queue", name)
      const one = (job: PgBoss.JobWithMetadata<unknown>) =>
        process(job.data, { id: job.id, retryCount: job.retryCount }).pipe(
          Effect.timed,
          Effect.flatMap(([elapsed]) =>
            Effect.zipRight(
              count("completed"),
              Metric.update(duration, Duration.toSeconds(elapsed))
            )
          ),
          Effect.catchAllCause((cause) => {
            const dead = job.retryCount >= job.retryLimit
            const message = Cause.pretty(cause).split("\n")[0] ?? "failed"
            return Effect.promise(() => boss.fail(name, job.id, { message })).pipe(
              Effect.zipRight(count(dead ? "dead" : "retried")),
              Effect.zipRight(
                Effect.logWarning(
                  dead
                    ? `Job ${name} failed for the last time; it is in ${name}'s dead-letter queue`
                    : `Job ${name} failed; it will be retried`
                ).pipe(Effect.annotateLogs({ jobId: job.id, reason: message }))
              )
            )
          }),
          Effect.withSpan(`Job ${name}`, { attributes: { jobId: job.id } })
        )
      for (let i = 0; i < settings.workers; i++) {
        let workerId: string | undefined
        workerId = yield* Effect.promise(() =>
          boss.work<unknown>(
            name,
            {
              batchSize: settings.batchSize,
              pollingIntervalSeconds: settings.pollingIntervalSeconds,
              includeMetadata: true
            },
            async (jobs) => {
              await Runtime.runPromise(runtime)(
                Effect.forEach(jobs, one, {
                  concurrency: "unbounded",
                  discard: true
                }) as Effect.Effect<void, never, ContextOf<H[number]>>
              )
              // A full batch suggests more are waiting: fetch again now, not after the interval.
              if (jobs.length === settings.batchSize && workerId) boss.notifyWorker(workerId)
            }
          )
        )
      }
    }
  })
