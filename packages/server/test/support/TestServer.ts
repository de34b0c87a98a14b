import type { AddressInfo } from "node:net"
import { HttpServer } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Duration, Effect, Layer, Logger, LogLevel, ManagedRuntime, Redacted } from "effect"
import { inject } from "vitest"
import { type AppConfigShape, AppConfigTest } from "../../src/AppConfig.js"
import { DatabaseLive } from "../../src/Database/Database.js"
import { drainingNodeServer } from "../../src/Http/NodeServer.js"
import { serveApi } from "../../src/Http/Server.js"
import { MetricsServer } from "../../src/Observability/MetricsServer.js"
import * as testDb from "./databases.js"

export interface TestServer {
  readonly baseUrl: string
  /** The internal metrics endpoint, on its own port. */
  readonly metricsUrl: string
  /** Runs SQL as the schema owner, for assertions on what the API stored. */
  readonly ownerQuery: <A extends object>(
    f: (sql: SqlClient.SqlClient) => Effect.Effect<ReadonlyArray<A>, unknown>
  ) => Promise<ReadonlyArray<A>>
  readonly close: () => Promise<void>
}

/** The real HTTP server (draining on close) with the real layers on the test database, on a free port (or `port`). */
export const startTestServer = async (
  overrides: Partial<AppConfigShape> = {},
  port = 0
): Promise<TestServer> => {
  const config = AppConfigTest({
    databaseUrl: Redacted.make(testDb.databaseUrl),
    jwtSecret: Redacted.make(inject("jwtSecret")),
    ...overrides
  })
  const server = serveApi(
    drainingNodeServer({ host: "127.0.0.1", port }, Duration.seconds(2))
  ).pipe(
    Layer.provide(DatabaseLive),
    Layer.provide(config),
    Layer.provide(Logger.minimumLogLevel(LogLevel.Warning))
  )
  const owner = PgClient.layer({ url: Redacted.make(testDb.ownerUrl), maxConnections: 2 })
  const runtime = ManagedRuntime.make(Layer.merge(server, owner))
  const address = (await runtime.runPromise(
    Effect.map(HttpServer.HttpServer, (s) => s.address)
  )) as {
    _tag: "TcpAddress"
  } & Pick<AddressInfo, "port">
  const metrics = await runtime.runPromise(MetricsServer)
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    metricsUrl: `http://127.0.0.1:${metrics.port}/metrics`,
    ownerQuery: (f) => runtime.runPromise(Effect.flatMap(SqlClient.SqlClient, f)) as never,
    close: () => runtime.dispose()
  }
}
