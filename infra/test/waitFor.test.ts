import { createServer, type Server } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { run } from "./run.js"

const servers: Array<Server> = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/** A free port, and a listener on it started now or after a delay. */
const port = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
const listen = (p: number, afterMs = 0) =>
  setTimeout(() => servers.push(createServer().listen(p, "127.0.0.1")), afterMs)

// POSIX sh (dash on Debian), as in the image.
const waitFor = (...args: Array<string>) => run("sh", ["wait-for.sh", ...args])

describe("wait-for.sh", () => {
  it("runs the command at once when the port is up", async () => {
    const p = await port()
    listen(p)
    await new Promise((r) => setTimeout(r, 50))
    const res = await waitFor("-t", "5", `127.0.0.1:${p}`, "--", "echo", "ready")
    expect(res.code).toBe(0)
    expect(res.stdout.trim()).toBe("ready")
    expect(res.ms).toBeLessThan(2000)
  })

  it("waits for a port that comes up late, and for every one named", async () => {
    const early = await port()
    const late = await port()
    listen(early)
    listen(late, 1500)
    const res = await waitFor("-t", "10", `127.0.0.1:${early}`, `localhost:${late}`, "--", "true")
    expect(res.code).toBe(0)
    expect(res.ms).toBeGreaterThanOrEqual(1400)
  })

  it("gives up after the timeout, naming what never came up, without running the command", async () => {
    const up = await port()
    const never = await port()
    listen(up)
    const res = await waitFor(
      "-t",
      "2",
      `127.0.0.1:${up}`,
      `127.0.0.1:${never}`,
      "--",
      "echo",
      "ran"
    )
    expect(res.code).toBe(1)
    expect(res.stdout).not.toContain("ran")
    expect(res.stderr).toContain(`timed out after 2s waiting for: 127.0.0.1:${never}`)
    expect(res.stderr).not.toContain(`:${up}\n`)
    expect(res.ms).toBeLessThan(6000)
  })

  it("refuses bad arguments with a usage message", async () => {
    expect((await waitFor()).code).toBe(2)
    expect((await waitFor("nohostport")).stderr).toContain("not HOST:PORT: nohostport")
    expect((await waitFor("-t", "soon", "a:1")).stderr).toContain("whole seconds")
  })
})
