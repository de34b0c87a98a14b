import { readdir } from "node:fs/promises"
import { join } from "node:path"
import { SqlClient } from "@effect/sql"
import { Array as Arr, Data, Effect, Redacted } from "effect"
import { runner } from "node-pg-migrate"
import { projectRoot } from "../Paths.js"

/** The schema that holds the application's own tables (and the migrations table). */
export const APP_SCHEMA = "app_data"
export const MIGRATIONS_TABLE = "pgmigrations"
export const MIGRATIONS_DIR = join(projectRoot(), "migrations")

export class MigrationError extends Data.TaggedError("MigrationError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** How node-pg-migrate runs this project's migrations against a database. */
export const runnerOptions = (databaseUrl: string) =>
  ({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: "up",
    migrationsTable: MIGRATIONS_TABLE,
    migrationsSchema: APP_SCHEMA,
    schema: APP_SCHEMA,
    createSchema: true,
    createMigrationsSchema: true,
    checkOrder: true,
    log: () => {}
  }) as const

/**
 * Applies pending migrations over an owner connection. node-pg-migrate takes a session advisory
 * lock, so this URL must be a direct or session-pooled connection, never transaction pooling.
 */
export const migrate = (
  ownerUrl: Redacted.Redacted<string>
): Effect.Effect<ReadonlyArray<string>, MigrationError> =>
  Effect.tryPromise({
    try: () => runner(runnerOptions(Redacted.value(ownerUrl))),
    catch: (cause) => new MigrationError({ message: `Migrations failed: ${String(cause)}`, cause })
  }).pipe(
    Effect.map((applied) => applied.map((m) => m.name)),
    Effect.tap((applied) =>
      applied.length === 0
        ? Effect.void
        : Effect.logInfo("Migrations applied").pipe(Effect.annotateLogs("migrations", applied))
    ),
    Effect.withSpan("Migrations.migrate")
  )

/** Names of the migration files the code expects, in order. */
export const expectedMigrations = Effect.promise(() => readdir(MIGRATIONS_DIR)).pipe(
  Effect.map((files) =>
    Arr.sort(
      files
        .filter((f) => /^\d+_.+\.(sql|js|ts)$/.test(f))
        .map((f) => f.replace(/\.(sql|js|ts)$/, "")),
      (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    )
  ),
  Effect.cached,
  Effect.runSync
)

/** The migrations the code expects but the database has not applied (empty when current). */
export const pendingMigrations = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    name: string
  }>`SELECT name FROM ${sql(APP_SCHEMA)}.${sql(MIGRATIONS_TABLE)}`
  const applied = new Set(rows.map((r) => r.name))
  return (yield* expectedMigrations).filter((name) => !applied.has(name))
})
