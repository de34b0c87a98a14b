import type { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * Runs `effect` in one DB transaction holding a lock on `key`, so that the decisions of
 * concurrent requests on the same key (a limit's count, then its insert) happen one after the
 * other, on every replica. The lock is a transaction-level advisory lock: released at commit or
 * rollback, so it is safe behind PgBouncer in transaction pooling (a session-level one is not),
 * and needs no row to exist for the key (an e-mail address, a client address).
 */
export const withKeyLocks =
  (sql: SqlClient.SqlClient, keys: ReadonlyArray<string>) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.gen(function* () {
      // Always in the same order, so two requests locking two keys cannot deadlock.
      for (const key of [...keys].sort()) {
        yield* sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`
      }
      return yield* effect
    }).pipe(sql.withTransaction)
