import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, rmSync } from "node:fs"
import { join, resolve } from "node:path"
import type { TestProject } from "vitest/node"
import { freePort } from "../../server/test/support/freePort.js"

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the app under test answers: the built web app and the API on one origin. */
    baseUrl: string
    /** Its embedded database, for commands run beside it (`pnpm user:role`). */
    embedded: { dataDir: string; pgPort: string }
  }
}

const REPO_ROOT = resolve(import.meta.dirname, "../../..")
const WEB_DIST = join(REPO_ROOT, "packages", "web", "dist")

const waitUntilReady = async (url: string, server: ChildProcess, log: () => string) => {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited early:\n${log()}`)
    try {
      if ((await fetch(`${url}/api/health/ready`)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`The server did not become ready in 2 minutes:\n${log()}`)
}

/**
 * The app as `pnpm start` runs it (the built web app, the API, an embedded PostgreSQL with the
 * sample market data and the live feed, the Librarian and exchange stand-ins) in a data folder
 * of its own.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(WEB_DIST, "index.html"))) {
    const { build } = await import("vite")
    await build({ root: join(REPO_ROOT, "packages", "web"), logLevel: "warn" })
  }
  const dataDir = join(REPO_ROOT, ".data", `e2e-${process.pid}`)
  rmSync(dataDir, { recursive: true, force: true })
  const port = await freePort()
  const pgPort = String(await freePort())
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    EMBEDDED_PG_PORT: pgPort,
    EMBEDDED_DATA_DIR: dataDir,
    METRICS_PORT: String(await freePort()),
    LOG_FORMAT: "json",
    LOG_LEVEL: "warn",
    // Event streams end every 10 s (checked with each 2 s heartbeat), so the pages resume
    // their streams over and over.
    EVENTS_STREAM_MAX_SECONDS: "10",
    EVENTS_HEARTBEAT_SECONDS: "2",
    // The tests click faster than people do, and open more accounts from one address.
    API_RATE_LIMIT_PER_MINUTE: "1000",
    REGISTRATIONS_PER_IP_PER_HOUR: "1000"
  }
  for (const name of [
    "DATABASE_URL",
    "MIGRATION_DATABASE_URL",
    "LIBRARIAN_URL",
    "WEB_ROOT",
    "SMTP_URL",
    "PUBLIC_URL",
    "MAIL_CATCHER_URL",
    "EXCHANGE_BINANCE_URL"
  ])
    delete env[name]
  const tsx = join(REPO_ROOT, "packages", "server", "node_modules", ".bin", "tsx")
  const server = spawn(tsx, ["src/main.ts"], {
    cwd: join(REPO_ROOT, "packages", "server"),
    env,
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  server.stdout?.on("data", keep)
  server.stderr?.on("data", keep)
  const baseUrl = `http://localhost:${port}`
  await waitUntilReady(baseUrl, server, () => output)
  project.provide("baseUrl", baseUrl)
  project.provide("embedded", { dataDir, pgPort })

  return async () => {
    const exited = new Promise((r) => server.once("exit", r))
    server.kill("SIGTERM")
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())])
    if (server.exitCode === null) server.kill("SIGKILL")
    rmSync(dataDir, { recursive: true, force: true })
  }
}
