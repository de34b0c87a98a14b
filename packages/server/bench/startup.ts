// `pnpm start` timed as a newcomer meets it: the first start (the web app built, a new embedded
// database created, migrated and filled with the sample market data) and a restart (nothing to
// build, the data there), each to the first ready answer; and Ctrl-C, which must end it with
// status 0 and without pnpm's failure line. Figures only.
import { spawn } from "node:child_process"
import { rmSync } from "node:fs"
import { resolve } from "node:path"
import { freePort } from "../test/support/freePort.js"

const ROOT = resolve(import.meta.dirname, "../../..")
const DATA = resolve(ROOT, ".data/bench-startup")
const STAMP = resolve(ROOT, "packages/web/dist/.sources")

/** One `pnpm start` to readiness, then Ctrl-C (SIGINT to its process group, as a terminal does). */
const startOnce = async () => {
  const [port, pgPort, metricsPort] = [await freePort(), await freePort(), await freePort()]
  const started = performance.now()
  const child = spawn("pnpm", ["start"], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      METRICS_PORT: String(metricsPort),
      EMBEDDED_DATA_DIR: DATA,
      LOG_LEVEL: "warn"
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout.on("data", (d) => {
    output += d
  })
  child.stderr.on("data", (d) => {
    output += d
  })
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)))
  const deadline = Date.now() + 120_000
  for (;;) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`pnpm start did not become ready:\n${output}`)
    const ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`)
      .then((r) => r.ok)
      .catch(() => false)
    if (ready) break
    await new Promise((r) => setTimeout(r, 100))
  }
  const seconds = (performance.now() - started) / 1000
  process.kill(-child.pid!, "SIGINT")
  const code = await exited
  return { seconds, code, pnpmFailure: /ELIFECYCLE|Command failed/.test(output) }
}

export const benchStartup = async () => {
  console.log("Timing pnpm start (a first start builds the web app and a new database)...")
  rmSync(DATA, { recursive: true, force: true })
  rmSync(STAMP, { force: true })
  try {
    const first = await startOnce()
    const restart = await startOnce()
    const f = (s: number) => `${s.toFixed(1)} s`.padStart(8)
    console.log(`
  pnpm start                 to ready    Ctrl-C exit   pnpm failure line    target
  First start (fresh data)   ${f(first.seconds)}    ${String(first.code).padStart(11)}   ${String(first.pnpmFailure).padStart(18)}    <= 30 s
  Restart                    ${f(restart.seconds)}    ${String(restart.code).padStart(11)}   ${String(restart.pnpmFailure).padStart(18)}    <= 8 s
`)
  } finally {
    rmSync(DATA, { recursive: true, force: true })
  }
}
