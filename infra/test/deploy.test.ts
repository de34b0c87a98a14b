import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { run } from "./run.js"

// Stand-ins for docker and git that record every call (with the image variable compose reads)
// and answer inspect and rev-parse; the script itself runs for real.
const bin = mkdtempSync(join(tmpdir(), "deploy-stubs-"))
const log = join(bin, "calls.log")
const stub = (name: string, body: string) => {
  writeFileSync(
    join(bin, name),
    `#!/bin/sh\necho "${name} $* \${TRADING_APP_IMAGE:+[image=$TRADING_APP_IMAGE]}" >> "${log}"\n${body}\n`
  )
  chmodSync(join(bin, name), 0o755)
}
stub(
  "docker",
  `case "$*" in
  *Config.Image*) echo trading-app:previous ;;
  *State.Health.Status*) echo "$STUB_HEALTH" ;;
esac`
)
stub("git", `case "$1" in rev-parse) echo abc1234 ;; esac`)
stub("pnpm", "")
stub("rsync", "")
afterAll(() => rmSync(bin, { recursive: true, force: true }))

const deploy = async (args: Array<string>, health = "healthy") => {
  writeFileSync(log, "")
  const res = await run("bash", ["deploy.sh", ...args], {
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      STUB_HEALTH: health,
      HEALTH_TIMEOUT: "5",
      WEB_ROOT: "/srv/www/app"
    }
  })
  return {
    ...res,
    calls: readFileSync(log, "utf8")
      .split("\n")
      .map((l) => l.trimEnd())
      .filter(Boolean)
  }
}

describe("deploy.sh", () => {
  it("prints the whole plan in a dry run and changes nothing", async () => {
    const res = await deploy(["--dry-run"])
    expect(res.code).toBe(0)
    for (const step of [
      "Pull the latest code of main",
      "Build the linux/arm64 image trading-app:abc1234",
      "Run the migrations",
      "Build the web app",
      "Recreate the app and worker containers with trading-app:abc1234",
      "Wait up to 5s for it to be healthy",
      "Publish the web app to /srv/www/app (hashed assets first, index.html last)"
    ]) {
      expect(res.stdout).toContain(`==> ${step}`)
    }
    expect(res.stdout).toContain("$ docker buildx build --platform linux/arm64")
    // Only the read-only question of which commit this is.
    expect(res.calls).toEqual(["git rev-parse --short HEAD"])
  })

  it("deploys: pull, build, migrate, recreate, and stops once healthy", async () => {
    const res = await deploy([])
    expect(res.code).toBe(0)
    expect(res.calls).toEqual([
      "git pull --ff-only origin main",
      "git rev-parse --short HEAD",
      "docker inspect --format {{.Config.Image}} trading_app",
      "docker buildx build --platform linux/arm64 --load --build-arg APP_VERSION=abc1234 --tag trading-app:abc1234 --tag trading-app:latest .",
      "docker compose --profile migrate run --rm migrate [image=trading-app:abc1234]",
      "pnpm install --frozen-lockfile",
      "pnpm --filter @trading-app/web build",
      "docker compose up -d --no-deps trading_app worker [image=trading-app:abc1234]",
      "docker inspect --format {{.State.Health.Status}} trading_app",
      "rsync -a --exclude index.html --exclude index.html.gz --exclude .vite packages/web/dist/ /srv/www/app/",
      "rsync -a packages/web/dist/index.html packages/web/dist/index.html.gz /srv/www/app/"
    ])
    expect(res.stdout).toContain("healthy: trading-app:abc1234 is live")
  })

  it("rolls back to the previous image when the new one is unhealthy", async () => {
    const res = await deploy([], "unhealthy")
    expect(res.code).toBe(1)
    expect(res.calls.at(-1)).toBe(
      "docker compose up -d --no-deps trading_app worker [image=trading-app:previous]"
    )
    // The web app of the failed version is never published.
    expect(res.calls.filter((c) => c.startsWith("rsync"))).toEqual([])
    expect(res.stdout).toContain("==> Roll back to trading-app:previous")
  })

  it("refuses unknown arguments", async () => {
    expect((await deploy(["--force"])).code).toBe(2)
  })
})
