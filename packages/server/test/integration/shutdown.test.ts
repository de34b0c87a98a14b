import { spawn } from "node:child_process"
import { existsSync, readFileSync, rmSync } from "node:fs"
import { join, resolve } from "node:path"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { makeClient, randomClientIp } from "../support/client.js"
import { freePort } from "../support/freePort.js"
import { signUp } from "../support/session.js"
import { aaplTrade } from "../support/trades.js"

const ROOT = resolve(import.meta.dirname, "../../../..")

/**
 * The app as `pnpm start` runs it on the embedded default, in a process group of its own as in a
 * terminal, stopped the way a person or a container stops it: the signal goes to the whole group.
 */
const startApp = async (name: string) => {
  const dataDir = join(ROOT, ".data", `${name}-${process.pid}`)
  rmSync(dataDir, { recursive: true, force: true })
  const pgPort = await freePort()
  // The app's own ports are picked by the system (0), so no other test can take them meanwhile.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    EMBEDDED_PG_PORT: String(pgPort),
    EMBEDDED_DATA_DIR: dataDir,
    METRICS_PORT: "0",
    SHUTDOWN_GRACE: "5 seconds"
  }
  for (const unset of ["DATABASE_URL", "MIGRATION_DATABASE_URL", "LIBRARIAN_URL", "WEB_ROOT"])
    delete env[unset]
  const child = spawn("pnpm", ["--filter", "@trading-app/server", "start"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  const keep = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout!.on("data", keep)
  child.stderr!.on("data", keep)
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
  let baseUrl = ""
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    const port = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]
    baseUrl = port === undefined ? "" : `http://127.0.0.1:${port}`
    const ready =
      baseUrl !== "" &&
      (await fetch(`${baseUrl}/api/health/ready`).then(
        (r) => r.ok,
        () => false
      ))
    if (ready) break
    if (child.exitCode !== null) throw new Error(`The app did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  const secrets = JSON.parse(readFileSync(join(dataDir, "dev-secrets.json"), "utf8"))
  const ownerUrl = `postgres://trading_owner:${encodeURIComponent(secrets.ownerPassword)}@127.0.0.1:${pgPort}/trading`
  return {
    child,
    baseUrl,
    ownerUrl,
    dataDir,
    exited,
    output: () => output,
    signal: (signal: NodeJS.Signals) => process.kill(-child.pid!, signal),
    cleanUp: () => {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL")
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

describe.concurrent("shutdown", () => {
  const apps: Array<{ cleanUp: () => void }> = []
  afterAll(() => {
    for (const app of apps) app.cleanUp()
  })

  it.each(["SIGINT", "SIGTERM"] as const)(
    "on %s: stops accepting, finishes the request in flight, stops its database, exits 0 quietly",
    async (signal) => {
      const app = await startApp(`shutdown-${signal}`)
      apps.push(app)
      const call = makeClient(app.baseUrl, randomClientIp())
      const user = await signUp(call, "shutdown")
      const portfolioId = (await call("GET", "/api/portfolios", { token: user.token })).body
        .items[0].id
      const trade = (side: string) => aaplTrade(portfolioId, side)
      expect(
        (await call("POST", "/api/transactions", { token: user.token, body: trade("buy") })).status
      ).toBe(201)

      // A sale held in flight: it waits for its portfolio, which the test locks.
      const owner = new pg.Client({ connectionString: app.ownerUrl })
      await owner.connect()
      await owner.query("BEGIN")
      await owner.query("SELECT 1 FROM app_data.user_portfolios WHERE id = $1 FOR UPDATE", [
        portfolioId
      ])
      const inFlight = call("POST", "/api/transactions", { token: user.token, body: trade("sell") })
      for (let i = 0; i < 100; i++) {
        const { rows } = await owner.query(
          "SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
        )
        if (rows.length > 0) break
        await new Promise((r) => setTimeout(r, 20))
      }

      app.signal(signal)
      await new Promise((r) => setTimeout(r, 500))
      // No new connection is accepted while the request in flight finishes...
      const refused = await fetch(`${app.baseUrl}/api/health`).then(
        () => "answered",
        () => "refused"
      )
      expect(refused).toBe("refused")
      await owner.query("ROLLBACK")
      await owner.end()
      // ...and that request is answered as if nothing happened.
      const sold = await inFlight
      expect(sold.status, JSON.stringify(sold.body)).toBe(201)

      expect(await app.exited).toBe(0)
      const output = app.output()
      expect(output).not.toMatch(/error|ERR_|failed|57P01|terminating connection/i)
      // The embedded database was stopped too, not left running.
      expect(existsSync(join(app.dataDir, "postgres", "postmaster.pid"))).toBe(false)
    },
    120_000
  )
})
