import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import { REPO_ROOT } from "./run.js"

// The compose file as Compose reads it (YAML merge keys resolved); `docker compose config` needs
// the compose plugin, which CI machines do not have, so this is the equivalent parse.
const compose = parse(readFileSync(join(REPO_ROOT, "docker-compose.yml"), "utf8"), {
  merge: true
}) as {
  name: string
  services: Record<string, Record<string, any>>
  networks: Record<string, { external?: boolean }>
}

describe("docker-compose.yml", () => {
  const app = compose.services.trading_app!
  const migrate = compose.services.migrate!
  const worker = compose.services.worker!

  it("runs the app on the external network, waiting for PgBouncer, with no host port", () => {
    expect(compose.networks["central-data-platform"]).toEqual({ external: true })
    expect(app.container_name).toBe("trading_app")
    expect(app.networks).toEqual(["central-data-platform"])
    expect(app.command.slice(0, 6)).toEqual([
      "./wait-for.sh",
      "-t",
      "90",
      "pgbouncer:6432",
      "--",
      "node"
    ])
    expect(app.ports).toBeUndefined()
    expect(app.expose).toEqual(["8000", "9464"])
    expect(app.env_file).toBe(".env")
    expect(app.environment.MIGRATION_DATABASE_URL).toBe("")
  })

  it("hardens the container: read-only root with a tmpfs, no capabilities, limits, restarts", () => {
    for (const service of [app, migrate, worker]) {
      expect(service.read_only).toBe(true)
      expect(service.tmpfs).toEqual(["/tmp:size=16m,mode=1777"])
      expect(service.cap_drop).toEqual(["ALL"])
      expect(service.security_opt).toEqual(["no-new-privileges:true"])
    }
    expect(app.restart).toBe("unless-stopped")
    expect(app.deploy.resources.limits).toEqual({ cpus: "1.5", memory: "384M" })
  })

  it("runs the background jobs in a worker service, not in the app", () => {
    expect(app.environment.JOB_WORKERS).toBe("false")
    expect(worker.command.slice(0, 5)).toEqual([
      "./wait-for.sh",
      "-t",
      "90",
      "pgbouncer:6432",
      "--"
    ])
    expect(worker.command.at(-1)).toBe("dist/worker.mjs")
    expect(worker.environment.MIGRATION_DATABASE_URL).toBe("")
    expect(worker.environment.JOB_WORKERS).toBeUndefined()
    expect(worker.expose).toBeUndefined()
    expect(worker.healthcheck).toEqual({ disable: true })
    expect(worker.restart).toBe("unless-stopped")
  })

  it("has a one-off migration service behind a profile", () => {
    expect(migrate.profiles).toEqual(["migrate"])
    expect(migrate.command.at(-1)).toBe("dist/migrate.mjs")
    expect(migrate.restart).toBe("no")
  })
})

describe("database connections", () => {
  // Configuration and scripts, as git tracks them; prose and tests may name the rule itself.
  const files = execFileSync("git", ["ls-files"], { cwd: REPO_ROOT, encoding: "utf8" })
    .split("\n")
    .filter((f) =>
      /(^|\/)(Dockerfile|\.env\.example)$|\.(ya?ml|conf|sh|ini|json)$|^\.ci\/run$/.test(f)
    )
    .filter((f) => !f.endsWith("pnpm-lock.yaml") && !f.startsWith("openapi"))

  it("go only through PgBouncer: no file configures a direct connection to PostgreSQL", () => {
    expect(files).toEqual(expect.arrayContaining(["docker-compose.yml", ".env.example"]))
    const direct = /postgres:5432|@postgres[:/]|host=postgres\b|:5432\b/
    const offenders = files.filter((f) => direct.test(readFileSync(join(REPO_ROOT, f), "utf8")))
    expect(offenders).toEqual([])
    const env = readFileSync(join(REPO_ROOT, ".env.example"), "utf8")
    expect(env).toMatch(/^DATABASE_URL=postgres:\/\/[^@]+@pgbouncer:6432\//m)
  })
})
