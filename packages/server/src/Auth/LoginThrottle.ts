import { SqlClient, type Statement } from "@effect/sql"
import { TooManyRequests } from "@trading-app/domain"
import { Duration, Effect } from "effect"
import { AppConfig } from "../AppConfig.js"
import { withKeyLocks } from "../Database/KeyLock.js"

/**
 * Login throttling over a sliding window, stored in PostgreSQL so that it holds across replicas.
 * Per account: failures since the last success; per IP: all failures. Never a permanent lock:
 * the wait ends when the oldest counted failure leaves the window.
 *
 * An attempt takes its place before the password is checked (`begin`, counted as a failure
 * until `finish` says otherwise), under a lock on the account and on the address: parallel
 * attempts are decided one after the other, so exactly the limit gets through.
 */
export class LoginThrottle extends Effect.Service<LoginThrottle>()("LoginThrottle", {
  scoped: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const config = yield* AppConfig
    const windowSeconds = Duration.toSeconds(config.loginWindow)

    /** Seconds to wait, or 0 when the limit is not reached. */
    const waitFor = (limit: number, failures: ReadonlyArray<{ secondsLeft: number }>) =>
      failures.length >= limit
        ? Math.max(1, Math.ceil(Math.min(...failures.map((f) => f.secondsLeft))))
        : 0

    /** Seconds until each of the newest `limit` counted failures leaves the window. */
    const failures = (where: Statement.Fragment, limit: number) =>
      sql<{ secondsLeft: number }>`
        SELECT extract(epoch FROM attempted_at + make_interval(secs => ${windowSeconds}) - now())::float8
               AS "secondsLeft"
        FROM app_data.login_attempts
        WHERE ${where} AND succeeded IS NOT TRUE
          AND attempted_at > now() - make_interval(secs => ${windowSeconds})
        ORDER BY attempted_at DESC LIMIT ${limit}`

    /** The id of an attempt allowed to go on, or TooManyRequests with the wait. */
    const begin = (email: string, ip: string) =>
      Effect.gen(function* () {
        // An account's count restarts at its last successful sign-in; an address's does not.
        const byAccount = yield* failures(
          sql`email = ${email} AND attempted_at > coalesce((SELECT max(attempted_at) FROM app_data.login_attempts
                                                             WHERE email = ${email} AND succeeded), '-infinity')`,
          config.loginMaxFailuresPerAccount
        )
        const byIp = yield* failures(sql`ip = ${ip}`, config.loginMaxFailuresPerIp)
        const wait = Math.max(
          waitFor(config.loginMaxFailuresPerAccount, byAccount),
          waitFor(config.loginMaxFailuresPerIp, byIp)
        )
        if (wait > 0) {
          return yield* new TooManyRequests({
            message: `Too many failed sign-in attempts. Try again in ${formatWait(wait)}.`,
            retryAfter: wait
          })
        }
        const [attempt] = yield* sql<{ id: string }>`
          INSERT INTO app_data.login_attempts (email, ip, succeeded) VALUES (${email}, ${ip}, NULL)
          RETURNING id::text`
        return attempt!.id
      }).pipe(
        withKeyLocks(sql, [`login-account:${email}`, `login-ip:${ip}`]),
        Effect.catchTag("SqlError", Effect.die),
        Effect.withSpan("LoginThrottle.begin")
      )

    const finish = (attemptId: string, succeeded: boolean) =>
      sql`UPDATE app_data.login_attempts SET succeeded = ${succeeded} WHERE id = ${attemptId}`.pipe(
        Effect.asVoid,
        Effect.orDie,
        Effect.withSpan("LoginThrottle.finish")
      )

    return { begin, finish } as const
  })
}) {}

export const formatWait = (seconds: number): string =>
  seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`
