import { randomUUID } from "node:crypto"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Logger, LogLevel, ManagedRuntime, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { AppConfigTest } from "../../src/AppConfig.js"
import { DatabaseLive } from "../../src/Database/Database.js"
import { SystemLogLive, USER_ID } from "../../src/Logs/SystemLog.js"
import * as testDb from "../support/databases.js"

const databaseUrl = Redacted.make(testDb.databaseUrl)

describe("the system log", () => {
  it("keeps an entry about an account deleted since, without the account, and the rest of its batch", async () => {
    const tag = randomUUID()
    const gone = randomUUID()
    // Warnings are written when the layer closes, in one batch.
    const logging = ManagedRuntime.make(
      SystemLogLive.pipe(
        Layer.provideMerge(DatabaseLive),
        Layer.provide(AppConfigTest({ databaseUrl })),
        Layer.provide(Logger.minimumLogLevel(LogLevel.Warning)),
        Layer.provide(Logger.remove(Logger.defaultLogger))
      )
    )
    await logging.runPromise(
      Effect.zipRight(
        Effect.logWarning(`${tag} about a deleted account`).pipe(
          Effect.annotateLogs(USER_ID, gone)
        ),
        Effect.logWarning(`${tag} about nobody`)
      )
    )
    await logging.dispose()
    const reader = ManagedRuntime.make(
      DatabaseLive.pipe(Layer.provide(AppConfigTest({ databaseUrl })))
    )
    try {
      const rows = await reader.runPromise(
        Effect.flatMap(
          SqlClient.SqlClient,
          (sql) => sql<{ message: string; userId: string | null }>`
            SELECT message, user_id AS "userId" FROM app_data.system_log
            WHERE message LIKE ${`${tag}%`} ORDER BY message`
        )
      )
      expect(rows).toEqual([
        { message: `${tag} about a deleted account`, userId: null },
        { message: `${tag} about nobody`, userId: null }
      ])
    } finally {
      await reader.dispose()
    }
  })
})
