import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { Api, CurrentUser, NotFound } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { JobQueue } from "../Jobs/JobQueue.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { accountExportJob } from "./AccountExport.js"
import { AccountExportsRepo } from "./AccountExportsRepo.js"

export const AccountHttpLive = HttpApiBuilder.group(Api, "account", (handlers) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const exports = yield* AccountExportsRepo
    const queue = yield* JobQueue
    const audit = yield* AuditLog
    return handlers
      .handle("startExport", () =>
        Effect.gen(function* () {
          const { userId } = yield* CurrentUser
          // The export and its job are written together: neither exists without the other.
          const started = yield* sql.withTransaction(
            Effect.gen(function* () {
              const created = yield* exports.create(userId)
              if (Option.isNone(created)) return Option.none()
              yield* queue.send(accountExportJob, { exportId: created.value.id, userId })
              return created
            })
          )
          if (Option.isSome(started)) return started.value
          // One is queued or running already: that one is the answer.
          const active = yield* exports.active(userId)
          if (active !== undefined) return active
          return yield* Effect.dieMessage("An export was neither created nor found")
        }).pipe(Effect.orDie)
      )
      .handle("exports", () =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          Effect.map(exports.list(userId), (items) => ({ items }))
        )
      )
      .handleRaw("downloadExport", ({ path }) =>
        Effect.gen(function* () {
          const { userId } = yield* CurrentUser
          const content = yield* exports.content(userId, path.exportId)
          if (Option.isNone(content))
            return yield* new NotFound({
              message: "No such export, or it is not ready or has expired"
            })
          yield* audit.record("account_exported", {
            user: userId,
            target: `export:${path.exportId}`,
            details: { sizeBytes: Buffer.byteLength(content.value) }
          })
          return HttpServerResponse.text(content.value, {
            contentType: "application/json",
            headers: {
              "content-disposition": `attachment; filename="trading-app-export-${path.exportId}.json"`
            }
          })
        })
      )
  })
)
