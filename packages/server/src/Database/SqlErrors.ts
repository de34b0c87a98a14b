import type { SqlError } from "@effect/sql/SqlError"

/** The PostgreSQL error code (SQLSTATE) behind an SqlError, if any. */
export const sqlState = (error: SqlError): string | undefined => {
  const cause = error.cause as { code?: unknown } | undefined
  return typeof cause?.code === "string" ? cause.code : undefined
}

export const UNIQUE_VIOLATION = "23505"
export const FOREIGN_KEY_VIOLATION = "23503"
