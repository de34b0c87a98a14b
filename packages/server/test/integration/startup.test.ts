import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, Logger, LogLevel, ManagedRuntime, Redacted } from "effect"
import { describe, expect, inject, it } from "vitest"
import { AppConfigTest } from "../../src/AppConfig.js"
import { DatabaseLive } from "../../src/Database/Database.js"
import { serveApi } from "../../src/Http/Server.js"
import * as testDb from "../support/databases.js"
import { freePort } from "../support/freePort.js"

describe("start-up", () => {
  /**
   * Starts the app on a free port and probes it until it answers. Another process may take the
   * port between `freePort` and the app's listen (the suite starts many servers at once): that
   * round answers undefined, to be tried again on another port.
   */
  const probeStartUp = async (): Promise<Array<string> | undefined> => {
    const port = await freePort()
    // A database that takes its time to connect, as a real one may.
    const slowDatabase = DatabaseLive.pipe(
      Layer.provide(Layer.effectDiscard(Effect.sleep("700 millis")))
    )
    const layer = serveApi(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port })).pipe(
      Layer.provide(slowDatabase),
      Layer.provide(
        AppConfigTest({
          databaseUrl: Redacted.make(testDb.databaseUrl),
          jwtSecret: Redacted.make(inject("jwtSecret"))
        })
      ),
      Layer.provide(Logger.minimumLogLevel(LogLevel.Warning))
    )
    const runtime = ManagedRuntime.make(layer)
    const started = runtime.runPromise(Effect.void).then(
      () => true,
      () => false
    )
    const outcomes: string[] = []
    try {
      const deadline = Date.now() + 10_000
      for (;;) {
        const outcome = await fetch(`http://127.0.0.1:${port}/api/health`, {
          signal: AbortSignal.timeout(2000)
        }).then(
          (res) => `answered ${res.status}`,
          (error: Error) => (error.name === "TimeoutError" ? "hung" : "refused")
        )
        outcomes.push(outcome)
        if (outcome !== "refused" || Date.now() > deadline) break
        await new Promise((r) => setTimeout(r, 20))
      }
      return (await started) ? outcomes : undefined
    } finally {
      await runtime.dispose()
    }
  }

  it("never accepts a request it cannot answer: probes are refused until the app is built, then answered", async () => {
    let outcomes: Array<string> | undefined
    for (let round = 0; round < 3 && outcomes === undefined; round++)
      outcomes = await probeStartUp()
    expect(outcomes).toBeDefined()
    expect(outcomes!.at(-1)).toBe("answered 200")
    expect(outcomes).not.toContain("hung")
    // The delay was seen: the first probes found no listener at all.
    expect(outcomes!.filter((o) => o === "refused").length).toBeGreaterThan(5)
  }, 40_000)
})
