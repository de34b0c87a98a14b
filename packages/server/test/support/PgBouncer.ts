import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { chmodSync, chownSync, mkdirSync, writeFileSync } from "node:fs"
import { createConnection } from "node:net"
import { join } from "node:path"

export interface PgBouncerOptions {
  readonly dir: string
  readonly port: number
  readonly upstreamPort: number
  readonly users: ReadonlyArray<{ readonly name: string; readonly password: string }>
  /** A database entry pooled per session, as migrations need (their lock is session-level). */
  readonly sessionEntry: { readonly name: string; readonly database: string }
}

const waitForPort = async (port: number, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => {
        socket.end()
        resolve(true)
      })
      socket.on("error", () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`PgBouncer did not listen on ${port} within ${timeoutMs} ms`)
}

/** A real PgBouncer in transaction pooling mode in front of a local PostgreSQL, for tests. */
export const startPgBouncer = async (options: PgBouncerOptions): Promise<ChildProcess> => {
  mkdirSync(options.dir, { recursive: true })
  chmodSync(options.dir, 0o755)
  const userlist = join(options.dir, "userlist.txt")
  writeFileSync(userlist, options.users.map((u) => `"${u.name}" "${u.password}"`).join("\n"), {
    mode: 0o644
  })
  const ini = join(options.dir, "pgbouncer.ini")
  writeFileSync(
    ini,
    `[databases]
${options.sessionEntry.name} = host=127.0.0.1 port=${options.upstreamPort} dbname=${options.sessionEntry.database} pool_mode=session
* = host=127.0.0.1 port=${options.upstreamPort}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${options.port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = ${userlist}
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
logfile = ${join(options.dir, "pgbouncer.log")}
log_connections = 0
log_disconnections = 0
`,
    { mode: 0o644 }
  )
  // PgBouncer refuses to run as root; -u drops to the postgres user, who must own its log.
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim())
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim())
    chownSync(options.dir, uid, gid)
  }
  const child = spawn("pgbouncer", asRoot ? ["-u", "postgres", ini] : [ini], { stdio: "inherit" })
  await waitForPort(options.port, 10_000)
  return child
}
