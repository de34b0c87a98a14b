import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { Auth } from "../Auth/Auth.js"
import { SECURITY_EVENTS } from "../Logs/AuditLog.js"
import { LogsRepo, logCursor, logPage } from "../Logs/LogsRepo.js"

export const UsersHttpLive = HttpApiBuilder.group(Api, "users", (handlers) =>
  Effect.gen(function* () {
    const auth = yield* Auth
    const logs = yield* LogsRepo
    return handlers
      .handle("me", () => Effect.flatMap(CurrentUser, ({ userId }) => auth.currentUser(userId)))
      .handle("securityEvents", ({ urlParams: { cursor, limit } }) =>
        Effect.gen(function* () {
          const { userId } = yield* CurrentUser
          const before = yield* logCursor(cursor)
          const rows = yield* logs.securityEventsOf(userId, SECURITY_EVENTS, before, limit + 1)
          return logPage(rows, limit)
        })
      )
  })
)
