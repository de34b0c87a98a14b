import { spawn } from "node:child_process"
import { resolve } from "node:path"

/**
 * A test or benchmark worker process (a script run with tsx from packages/server) that prints
 * "ready" once it takes jobs and a JSON object per line for what it did: those, as they come.
 */
export const startWorkerProcess = (script: string, env: Record<string, string>) => {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: resolve(import.meta.dirname, "../.."),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"]
  })
  const lines: Array<Record<string, unknown>> = []
  let ready = false
  let rest = ""
  child.stdout!.on("data", (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split("\n")
    rest = parts.pop()!
    for (const line of parts) {
      if (line === "ready") ready = true
      else if (line.startsWith("{")) lines.push(JSON.parse(line))
    }
  })
  return { child, lines, isReady: () => ready }
}
