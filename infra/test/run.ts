import { spawn } from "node:child_process"
import { resolve } from "node:path"

export const REPO_ROOT = resolve(import.meta.dirname, "../..")

export interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Runs a command to its end, with a hard limit so a broken script cannot hang the suite. */
export const run = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly env?: Record<string, string>; readonly limitMs?: number } = {}
) =>
  new Promise<Ran>((done) => {
    const started = Date.now()
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env }
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => {
      stdout += d
    })
    child.stderr.on("data", (d) => {
      stderr += d
    })
    const limit = setTimeout(() => child.kill("SIGKILL"), options.limitMs ?? 20_000)
    child.on("close", (code) => {
      clearTimeout(limit)
      done({ code, stdout, stderr, ms: Date.now() - started })
    })
  })
