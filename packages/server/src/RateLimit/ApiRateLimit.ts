import { SqlClient } from "@effect/sql"
import { TooManyRequests, type UserId } from "@trading-app/domain"
import { Effect } from "effect"
import { AppConfig } from "../AppConfig.js"
import { decide } from "./SlidingWindow.js"

/**
 * The per-user API rate limit (API_RATE_LIMIT_PER_MINUTE), counted in PostgreSQL so that it
 * holds across replicas: one statement counts the request in its minute (an atomic upsert:
 * parallel requests each get their own count) and reads the minute before, and the sliding
 * window decides. Requests over the limit are counted too: a client that keeps calling while
 * refused waits longer. Separate from the sign-in throttle, which counts failures per account
 * and address.
 */
export class ApiRateLimit extends Effect.Service<ApiRateLimit>()("ApiRateLimit", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const { apiRequestsPerMinute: limit } = yield* AppConfig

    const count = (userId: UserId) =>
      sql<{ current: number; previous: number; elapsedSeconds: number }>`
        WITH counted AS (
          INSERT INTO app_data.api_request_counts (user_id, window_start, count)
          VALUES (${userId}, date_trunc('minute', now()), 1)
          ON CONFLICT (user_id, window_start)
            DO UPDATE SET count = app_data.api_request_counts.count + 1
          RETURNING count, window_start)
        SELECT c.count AS current,
          coalesce((SELECT p.count FROM app_data.api_request_counts p
                    WHERE p.user_id = ${userId}
                      AND p.window_start = c.window_start - interval '1 minute'), 0) AS previous,
          extract(epoch FROM now() - c.window_start)::float8 AS "elapsedSeconds"
        FROM counted c`.pipe(Effect.map((rows) => rows[0]!))

    /** Counts one request of the user; TooManyRequests (with the wait) when over the limit. */
    const check = (userId: UserId) =>
      Effect.flatMap(Effect.orDie(count(userId)), (counts) => {
        const decision = decide(limit, counts)
        return decision.allowed
          ? Effect.void
          : Effect.fail(
              new TooManyRequests({
                message: `Too many requests: at most ${limit} a minute; try again in ${decision.retryAfterSeconds} s`,
                retryAfter: decision.retryAfterSeconds
              })
            )
      }).pipe(Effect.withSpan("ApiRateLimit.check"))

    return { check } as const
  })
}) {}
