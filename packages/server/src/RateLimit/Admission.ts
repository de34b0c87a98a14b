import { SqlClient } from "@effect/sql"
import { type Role, TooManyRequests, Unauthorized, type UserId } from "@trading-app/domain"
import { Deferred, Duration, Effect, Option } from "effect"
import { AppConfig } from "../AppConfig.js"
import { decide, type WindowCounts } from "./SlidingWindow.js"

/** The user as a request finds them: their role now, and whether they may still come in. */
interface Standing {
  readonly role: Role
  readonly disabled: boolean
}

type Counted = WindowCounts & Standing

interface Waiting {
  readonly userId: UserId
  readonly counted: Deferred.Deferred<Option.Option<Counted>>
}

/**
 * Admits an authenticated request: counts it against the per-user API rate limit
 * (API_RATE_LIMIT_PER_MINUTE) and reads the user's role and standing, in one statement, so that
 * a role change or a disabled account counts from the next request on every replica. The
 * counts are in PostgreSQL so that the limit holds across replicas: the statement adds the
 * requests to their user's minute (an atomic upsert: parallel requests each get their own
 * count) and reads the minute before, and the sliding window decides. Requests over the limit
 * are counted too: a client that keeps calling while refused waits longer. Separate from the
 * sign-in throttle.
 *
 * Requests that arrive while a count is in flight are counted together by the next statement
 * (one per user, in user order so that replicas never deadlock): no wait when the server is
 * quiet, one round trip for many requests when it is busy.
 */
export class Admission extends Effect.Service<Admission>()("Admission", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const { apiRequestsPerMinute: limit } = yield* AppConfig

    const countAll = (users: ReadonlyArray<UserId>, requests: ReadonlyArray<number>) =>
      sql<Counted & { userId: UserId }>`
        WITH counted AS (
          INSERT INTO app_data.api_request_counts (user_id, window_start, count)
          SELECT u, date_trunc('minute', now()), n
          FROM unnest(${users}::uuid[], ${requests}::int[]) AS t(u, n) ORDER BY u
          ON CONFLICT (user_id, window_start)
            DO UPDATE SET count = app_data.api_request_counts.count + EXCLUDED.count
          RETURNING user_id, count, window_start)
        SELECT c.user_id AS "userId", c.count AS current, coalesce(p.count, 0) AS previous,
          extract(epoch FROM now() - c.window_start)::float8 AS "elapsedSeconds",
          u.role, u.disabled_at IS NOT NULL AS disabled
        FROM counted c
        JOIN app_data.users u ON u.id = c.user_id
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
        const rows = new Map(result.right.map((row) => [row.userId, row]))
        for (const [userId, mine] of byUser) {
          const row = rows.get(userId)
          // The statement added them all: each request gets its own place in the count. A
          // user that no longer exists gets none.
          for (const [i, w] of mine.entries())
            yield* Deferred.succeed(
              w.counted,
              row === undefined
                ? Option.none()
                : Option.some({ ...row, current: row.current - mine.length + i + 1 })
            )
        }
      }
      counting = false
    })

    /**
     * Counts one request of the user and answers their role: Unauthorized when the account is
     * gone or disabled, TooManyRequests (with the wait) when over the limit.
     */
    const admit = (userId: UserId) =>
      Effect.gen(function* () {
        const counted = yield* Deferred.make<Option.Option<Counted>>()
        waiting.push({ userId, counted })
        if (!counting) {
          counting = true
          // Not tied to this request: the others waiting on the same count go on if it ends.
          yield* Effect.forkDaemon(countWaiting)
        }
        const found = yield* Deferred.await(counted)
        if (Option.isNone(found) || found.value.disabled)
          return yield* new Unauthorized({
            message: Option.isNone(found)
              ? "This account no longer exists"
              : "This account is disabled; ask the administrators to enable it again"
          })
        const decision = decide(limit, found.value)
        if (!decision.allowed)
          return yield* new TooManyRequests({
            message: `Too many requests: at most ${limit} a minute; try again in ${decision.retryAfterSeconds} s`,
            retryAfter: decision.retryAfterSeconds
          })
        return found.value.role
      }).pipe(Effect.withSpan("Admission.admit"))

    return { admit } as const
  })
}) {}
