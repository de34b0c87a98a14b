import { Data, Effect, Redacted } from "effect"
import PgBoss from "pg-boss"
import { deadLetterOf, JOBS_SCHEMA, type JobDefinition } from "./JobDefinition.js"

export class JobsSetupError extends Data.TaggedError("JobsSetupError")<{
  readonly message: string
  readonly cause: unknown
}> {}

/** What provisioning needs of a job definition. */
type Queue = Pick<JobDefinition<unknown, unknown>, "name" | "settings">

const queueOptions = (definition: Queue) => ({
  name: definition.name,
  retryLimit: definition.settings.retryLimit,
  retryDelay: definition.settings.retryDelaySeconds,
  retryBackoff: definition.settings.retryBackoff,
  expireInSeconds: definition.settings.expireInSeconds,
  deadLetter: deadLetterOf(definition.name)
})

/**
 * Installs or upgrades pg-boss's schema and creates (or updates) the queue of every job
 * definition with its dead-letter queue, as the owner: each queue is a partition of pg-boss's
 * job table, which only the table's owner may add. The app's role then only reads and writes
 * rows. Run with the migrations, so a release's new queues exist before it starts.
 */
export const provisionJobs = (
  ownerUrl: Redacted.Redacted<string>,
  definitions: ReadonlyArray<Queue>
) =>
  Effect.acquireUseRelease(
    Effect.tryPromise({
      try: () =>
        new PgBoss({
          connectionString: Redacted.value(ownerUrl),
          schema: JOBS_SCHEMA,
          max: 1,
          migrate: true,
          supervise: false,
          schedule: false
        }).start(),
      catch: (cause) =>
        new JobsSetupError({ message: `Job queues could not be set up: ${cause}`, cause })
    }),
    (boss) =>
      Effect.tryPromise({
        try: async () => {
          // Cron schedules are sent through this internal queue of pg-boss.
          await boss.createQueue("__pgboss__send-it")
          for (const definition of definitions) {
            await boss.createQueue(deadLetterOf(definition.name))
            await boss.createQueue(definition.name, queueOptions(definition))
            await boss.updateQueue(definition.name, queueOptions(definition))
          }
        },
        catch: (cause) =>
          new JobsSetupError({ message: `Job queues could not be created: ${cause}`, cause })
      }),
    (boss) => Effect.promise(() => boss.stop({ graceful: false, close: true }))
  ).pipe(Effect.withSpan("Jobs.provision"))
