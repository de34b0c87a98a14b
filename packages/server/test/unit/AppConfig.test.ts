import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either } from "effect"
import { appConfig } from "../../src/AppConfig.js"

const load = (env: Record<string, string>) =>
  appConfig.pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))),
    Effect.either
  )

describe("appConfig", () => {
  it.effect("lists every problem at once", () =>
    Effect.gen(function* () {
      const result = yield* load({
        PORT: "http",
        DATABASE_URL: "mysql://x",
        JWT_SECRET: "short",
        DB_POOL_MAX: "0"
      })
      expect(Either.isLeft(result)).toBe(true)
      const message = Either.isLeft(result) ? String(result.left) : ""
      for (const name of ["PORT", "DATABASE_URL", "JWT_SECRET", "DB_POOL_MAX"])
        expect(message).toContain(name)
    })
  )

  it.effect("names missing required settings", () =>
    Effect.gen(function* () {
      const result = yield* load({})
      const message = Either.isLeft(result) ? String(result.left) : ""
      expect(message).toContain("DATABASE_URL")
      expect(message).toContain("JWT_SECRET")
    })
  )

  it.effect("keeps secrets redacted", () =>
    Effect.gen(function* () {
      const secret = "s".repeat(40)
      const config = yield* appConfig.pipe(
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["DATABASE_URL", "postgres://u:pw@h/db"],
              ["JWT_SECRET", secret]
            ])
          )
        )
      )
      expect(config.port).toBe(8000)
      expect(JSON.stringify(config)).not.toContain(secret)
      expect(String(config.databaseUrl)).not.toContain("pw")
    })
  )
})
