import { SqlClient } from "@effect/sql"
import { TooManyRequests, type UserId } from "@trading-app/domain"
import { Deferred, Duration, Effect } from "effect"
import { AppConfig } from "../AppConfig.js"
import { decide, type WindowCounts } from "./SlidingWindow.js"

interface Waiting {
  readonly userId: UserId
  readonly counted: Deferred.Deferred<WindowCounts>
}

/**
 * The per-user API rate limit (API_RATE_LIMIT_PER_MINUTE), counted in PostgreSQL so that it
 * holds across replicas: a statement adds the requests to their user's minute (an atomic
 * upsert: parallel requests each get their own count) and reads the minute before, and the
 * sliding window decides. Requests over the limit are counted too: a client that keeps calling
 * while refused waits longer. Separate from the sign-in throttle.
 *
 * Requests that arrive while a count is in flight are counted together by the next statement
 * (one per user, in user order so that replicas never deadlock): no wait when the server is
 * quiet, one round trip for many requests when it is busy.
 */
export class ApiRateLimit extends Effect.Service<ApiRateLimit>()("ApiRateLimit", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const { apiRequestsPerMinute: limit } = yield* AppConfig

    const countAll = (users: ReadonlyArray<UserId>, requests: ReadonlyArray<number>) =>
      sql<WindowCounts & { userId: UserId }>`
        WITH counted AS (
          INSERT INTO app_data.api_request_counts (user_id, window_start, count)
          SELECT u, date_trunc('minute', now()), n
          FROM unnest(${users}::uuid[], ${requests}::int[]) AS t(u, n) ORDER BY u
          ON CONFLICT (user_id, window_start)
            DO UPDATE SET count = app_data.api_request_counts.count + EXCLUDED.count
          RETURNING user_id, count, window_start)
        SELECT c.user_id AS "userId", c.count AS current, coalesce(p.count, 0) AS previous,
          extract(epoch FROM now() - c.window_start)::float8 AS "elapsedSeconds"
        FROM counted c
        LEFT JOIN app_data.api_request_counts p
          ON p.user_id = c.user_id AND p.window_start = c.window_start - interval '1 minute'`

    const waiting: Array<Waiting> = []
    let counting = false

    const countWaiting: Effect.Effect<void> = Effect.gen(function* () {
      // A millisecond's gathering: requests parsed in the same turn of the event loop join.
      yield* Effect.sleep(Duration.millis(1))
      while (waiting.length > 0) {
        const batch = waiting.splice(0)
        const byUser = new Map<UserId, Array<Waiting>>()
        for (const w of batch) byUser.set(w.userId, [...(byUser.get(w.userId) ?? []), w])
        const users = [...byUser.keys()].sort()
        const result = yield* Effect.either(
          countAll(
            users,
            users.map((u) => byUser.get(u)!.length)
          )
        )
        if (result._tag === "Left") {
          for (const w of batch) yield* Deferred.die(w.counted, result.left)
          continue
        }
        for (const row of result.right) {
          const mine = byUser.get(row.userId) ?? []
          // The statement added them all: each request gets its own place in the count.
          for (const [i, w] of mine.entries())
            yield* Deferred.succeed(w.counted, {
              ...row,
              current: row.current - mine.length + i + 1
            })
        }
      }
      counting = false
    })

    /** Counts one request of the user; TooManyRequests (with the wait) when over the limit. */
    const check = (userId: UserId) =>
      Effect.gen(function* () {
        const counted = yield* Deferred.make<WindowCounts>()
        waiting.push({ userId, counted })
        if (!counting) {
          counting = true
          // Not tied to this request: the others waiting on the same count go on if it ends.
          yield* Effect.forkDaemon(countWaiting)
        }
        const decision = decide(limit, yield* Deferred.await(counted))
        if (!decision.allowed)
          return yield* new TooManyRequests({
            message: `Too many requests: at most ${limit} a minute; try again in ${decision.retryAfterSeconds} s`,
            retryAfter: decision.retryAfterSeconds
          })
      }).pipe(Effect.withSpan("ApiRateLimit.check"))

    return { check } as const
  })
}) {}
