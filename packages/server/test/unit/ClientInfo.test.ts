import { HttpServerRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { AppConfigTest } from "../../src/AppConfig.js"
import { clientInfo } from "../../src/Http/ClientInfo.js"

const ipOf = (
  peer: string,
  forwarded: string | undefined,
  trustedProxies: ReadonlyArray<string>
) => {
  const headers: Record<string, string> =
    forwarded === undefined ? {} : { "x-forwarded-for": forwarded }
  const request = HttpServerRequest.fromWeb(new Request("http://localhost/", { headers })).modify({
    remoteAddress: peer
  })
  return clientInfo.pipe(
    Effect.map((c) => c.ip),
    Effect.provideService(HttpServerRequest.HttpServerRequest, request),
    Effect.provide(AppConfigTest({ databaseUrl: Redacted.make("postgres://x"), trustedProxies }))
  )
}

describe("clientInfo", () => {
  it.effect("ignores X-Forwarded-For from an untrusted peer", () =>
    Effect.gen(function* () {
      expect(yield* ipOf("198.51.100.7", "203.0.113.9", [])).toBe("198.51.100.7")
    })
  )
  it.effect("takes the right-most untrusted hop behind a trusted proxy", () =>
    Effect.gen(function* () {
      expect(yield* ipOf("10.0.0.2", "1.2.3.4, 203.0.113.9", ["10.0.0.2"])).toBe("203.0.113.9")
      expect(yield* ipOf("10.0.0.2", "203.0.113.9, 10.0.0.3", ["10.0.0.2", "10.0.0.3"])).toBe(
        "203.0.113.9"
      )
      expect(yield* ipOf("10.0.0.2", undefined, ["10.0.0.2"])).toBe("10.0.0.2")
    })
  )
})
