import { SqlError } from "@effect/sql/SqlError"
import { PgClient } from "@effect/sql-pg"
import { Context, Duration, Effect, Layer, Redacted } from "effect"
import pg from "pg"
import { AppConfig } from "../AppConfig.js"

/** The application's pg pool itself, for its usage figures (metrics). */
export class DbPool extends Context.Tag("DbPool")<DbPool, pg.Pool>() {}

/**
 * The application's connection pool. Transaction pooling (PgBouncer) safe: no session state,
 * only unnamed prepared statements; statement timeouts are set on the database role. The pool
 * answers a first query before the layer is built, so nothing is served without a database.
 */
export const DatabaseLive = Layer.unwrapScoped(
  Effect.gen(function* () {
    const config = yield* AppConfig
    const pool = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const pool = new pg.Pool({
          connectionString: Redacted.value(config.databaseUrl),
          max: config.dbPoolMax,
          idleTimeoutMillis: 30_000,
          connectionTimeoutMillis: Duration.toMillis(config.dbConnectTimeout),
          application_name: "trading-app"
        })
        // Errors of idle connections surface on the next query; the pool replaces them.
        pool.on("error", () => {})
        return pool
      }),
      (pool) => Effect.promise(() => pool.end()).pipe(Effect.timeoutOption(1000))
    )
    yield* Effect.tryPromise({
      try: () => pool.query("SELECT 1"),
      catch: (cause) => new SqlError({ cause, message: "PgClient: Failed to connect" })
    }).pipe(
      Effect.timeoutFail({
        duration: config.dbConnectTimeout,
        onTimeout: () =>
          new SqlError({
            cause: new Error("Connection timed out"),
            message: "PgClient: Connection timed out"
          })
      })
    )
    return Layer.merge(
      PgClient.layerFromPool({ acquire: Effect.succeed(pool), applicationName: "trading-app" }),
      Layer.succeed(DbPool, pool)
    )
  })
)
