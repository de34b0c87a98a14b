import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { cursorParam, pageOf } from "../Database/KeysetCursor.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { Engine } from "./Engine.js"
import { EngineRepo } from "./EngineRepo.js"
import { GroupsRepo } from "./GroupsRepo.js"

export const GroupsHttpLive = HttpApiBuilder.group(Api, "groups", (handlers) =>
  Effect.gen(function* () {
    const groups = yield* GroupsRepo
    const repo = yield* EngineRepo
    const engine = yield* Engine
    const audit = yield* AuditLog
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("list", ({ urlParams }) =>
        Effect.gen(function* () {
          const userId = yield* user
          const after = yield* cursorParam(urlParams.cursor)
          const rows = yield* groups.page(userId, urlParams.state, urlParams.limit, after)
          return pageOf(rows, urlParams.limit, (g) => ({ at: g.openedAt, id: g.id }))
        })
      )
      .handle("get", ({ path }) =>
        Effect.flatMap(user, (userId) => groups.detail(userId, path.groupId))
      )
      .handle("close", ({ path }) =>
        Effect.gen(function* () {
          const userId = yield* user
          yield* groups.detail(userId, path.groupId)
          yield* repo.closeGroup(path.groupId, "Closed by hand").pipe(Effect.orDie)
          yield* audit.record("group_closing", {
            user: userId,
            category: "trading",
            target: `group:${path.groupId}`,
            details: { by: "hand" }
          })
          yield* engine.advance(path.groupId)
          return yield* groups.detail(userId, path.groupId)
        })
      )
  })
)
