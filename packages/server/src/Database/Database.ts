import { PgClient } from "@effect/sql-pg"
import { Duration, Effect, Layer } from "effect"
import { AppConfig } from "../AppConfig.js"

/**
 * The application's connection pool. Transaction pooling (PgBouncer) safe: no session state,
 * only unnamed prepared statements; statement timeouts are set on the database role.
 */
export const DatabaseLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    PgClient.layer({
      url: config.databaseUrl,
      maxConnections: config.dbPoolMax,
      idleTimeout: Duration.seconds(30),
      connectTimeout: Duration.seconds(5),
      applicationName: "trading-app"
    })
  )
)
