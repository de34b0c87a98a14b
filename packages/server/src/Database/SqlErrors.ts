import type { SqlError } from "@effect/sql/SqlError"

/** The PostgreSQL error code (SQLSTATE) behind an SqlError, if any. */
export const sqlState = (error: SqlError): string | undefined => {
  const cause = error.cause as { code?: unknown } | undefined
  return typeof cause?.code === "string" ? cause.code : undefined
}

export const UNIQUE_VIOLATION = "23505"
export const FOREIGN_KEY_VIOLATION = "23503"

// Connection exceptions (08), insufficient resources (53), operator intervention (57: a statement
// cancelled by its timeout, a server shutting down), lock timeouts, serialization failures and
// deadlocks, and the socket errors of Node (ECONNREFUSED, ECONNRESET, ...).
const UNAVAILABLE_STATE = /^(08|53|57)|^(55P03|40001|40P01)$|^E[A-Z]+$/
// pg's own errors carry no code: a pool that cannot connect in time, a connection that died.
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|not queryable|Failed to acquire connection/i

/**
 * Whether a database failure says the database is away, overloaded or too slow (the same request
 * may succeed later), rather than that the statement itself is wrong.
 */
export const databaseUnavailable = (error: SqlError): boolean => {
  const state = sqlState(error)
  if (state !== undefined) return UNAVAILABLE_STATE.test(state)
  const cause = error.cause as { message?: unknown } | undefined
  return UNAVAILABLE_MESSAGE.test(`${error.message} ${String(cause?.message ?? "")}`)
}
