// The benchmark's server processes: started from the bundle, measured through /proc.
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"

// The heap limit production runs with (see README): without one, V8 on a large machine lets the
// heap grow far past what the server keeps alive. Both servers get the same flags.
const NODE_FLAGS = ["--max-old-space-size=192"]

export const startNode = async (
  file: string,
  env: Record<string, string>,
  port: number
): Promise<ChildProcess> => {
  const child = spawn(process.execPath, [...NODE_FLAGS, file], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: "inherit"
  })
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, {
        signal: AbortSignal.timeout(2000)
      })
      if (res.status < 500) return child
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${file} did not start`)
}

/** A process's resident set size in MB: now (VmRSS) or its peak (VmHWM). */
export const rssMb = (field: "VmRSS" | "VmHWM", pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`))
  return Number(line?.replace(/\D+/g, "") ?? 0) / 1024
}
