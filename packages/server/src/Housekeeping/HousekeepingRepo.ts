import { SqlClient } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect } from "effect"

/** Rows that can no longer matter to anyone, or are past their retention, deleted in bounded batches. */
export class HousekeepingRepo extends Effect.Service<HousekeepingRepo>()("HousekeepingRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const count = (rows: ReadonlyArray<{ n: string }>) => Number(rows[0]?.n ?? 0)

    /** Sign-in attempts older than a day: past every throttling window. */
    const loginAttempts = sql<{ n: string }>`
      WITH d AS (DELETE FROM app_data.login_attempts
                 WHERE attempted_at < now() - interval '1 day' RETURNING 1)
      SELECT count(*)::text AS n FROM d`.pipe(Effect.map(count))

    /** Refresh tokens expired for a day (used or not): they can no longer be presented. */
    const refreshTokens = sql<{ n: string }>`
      WITH d AS (DELETE FROM app_data.refresh_tokens
                 WHERE expires_at < now() - interval '1 day' RETURNING 1)
      SELECT count(*)::text AS n FROM d`.pipe(Effect.map(count))

    /**
     * Sessions that ended (expired or revoked) more than 30 days ago, with their tokens: long
     * past any access token issued in them, and past what the sessions list shows.
     */
    const sessions = sql<{ n: string }>`
      WITH d AS (DELETE FROM app_data.auth_sessions
                 WHERE least(expires_at, coalesce(revoked_at, expires_at)) < now() - interval '30 days'
                 RETURNING 1)
      SELECT count(*)::text AS n FROM d`.pipe(Effect.map(count))

    /** Request counts of minutes past the rate limit's sliding window (two minutes). */
    const requestCounts = sql<{ n: string }>`
      WITH d AS (DELETE FROM app_data.api_request_counts
                 WHERE window_start < now() - interval '2 minutes' RETURNING 1)
      SELECT count(*)::text AS n FROM d`.pipe(Effect.map(count))

    /**
     * Audit and system log entries past their retention, through the owner's function (the app
     * may not delete audit entries itself), a batch of each at a time until none is left.
     */
    const logs = (auditDays: number, systemDays: number) => {
      const batch = 10_000
      const prune = sql<{ audit: string; system: string }>`
        SELECT audit::text, system::text FROM app_data.logs_prune(${auditDays}, ${systemDays}, ${batch})`.pipe(
        Effect.map((rows) => ({
          audit: Number(rows[0]?.audit ?? 0),
          system: Number(rows[0]?.system ?? 0)
        }))
      )
      const loop = (total: {
        audit: number
        system: number
      }): Effect.Effect<{ audit: number; system: number }, SqlError> =>
        Effect.flatMap(prune, (n) => {
          const sum = { audit: total.audit + n.audit, system: total.system + n.system }
          return n.audit < batch && n.system < batch ? Effect.succeed(sum) : loop(sum)
        })
      return loop({ audit: 0, system: 0 })
    }

    /** Reports of processes gone for an hour (a clean stop deletes its own at once). */
    const replicaReports = sql<{ n: string }>`
      WITH d AS (DELETE FROM app_data.replica_status
                 WHERE seen_at < now() - interval '1 hour' RETURNING 1)
      SELECT count(*)::text AS n FROM d`.pipe(Effect.map(count))

    /**
     * Account exports past their day, and any still queued or running after an hour (their job
     * was lost twice): those are marked failed, so the user may start another.
     */
    const accountExports = sql<{ n: string }>`
      WITH d AS (DELETE FROM app_data.account_exports WHERE expires_at < now() RETURNING 1),
           f AS (UPDATE app_data.account_exports
                 SET state = 'failed', message = 'The export did not finish; start another',
                     finished_at = now()
                 WHERE state IN ('queued', 'running') AND created_at < now() - interval '1 hour'
                 RETURNING 1)
      SELECT ((SELECT count(*) FROM d) + (SELECT count(*) FROM f))::text AS n`.pipe(
      Effect.map(count)
    )

    /** Import uploads past their day, and password reset requests older than a day. */
    const uploadsAndResets = sql<{ n: string }>`
      WITH u AS (DELETE FROM app_data.import_uploads WHERE expires_at < now() RETURNING 1),
           r AS (DELETE FROM app_data.password_resets
                 WHERE created_at < now() - interval '1 day' RETURNING 1)
      SELECT ((SELECT count(*) FROM u) + (SELECT count(*) FROM r))::text AS n`.pipe(
      Effect.map(count)
    )

    return {
      uploadsAndResets,
      loginAttempts,
      refreshTokens,
      sessions,
      requestCounts,
      logs,
      replicaReports,
      accountExports
    } as const
  })
}) {}
