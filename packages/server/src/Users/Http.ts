import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { Auth } from "../Auth/Auth.js"
import { withRetryAfter } from "../Http/RetryAfter.js"
import { SECURITY_EVENTS } from "../Logs/AuditLog.js"
import { LogsRepo, logCursor, logPage } from "../Logs/LogsRepo.js"
import { AccountSettings } from "./AccountSettings.js"

export const UsersHttpLive = HttpApiBuilder.group(Api, "users", (handlers) =>
  Effect.gen(function* () {
    const auth = yield* Auth
    const logs = yield* LogsRepo
    const account = yield* AccountSettings
    return handlers
      .handle("me", () => Effect.flatMap(CurrentUser, ({ userId }) => auth.currentUser(userId)))
      .handle("updateMe", ({ payload }) =>
        Effect.flatMap(CurrentUser, ({ userId }) => account.updateProfile(userId, payload))
      )
      .handle("changePassword", ({ payload }) =>
        Effect.flatMap(CurrentUser, (caller) => account.changePassword(caller, payload)).pipe(
          withRetryAfter
        )
      )
      .handle("sessions", () => Effect.flatMap(CurrentUser, account.list))
      .handle("endSession", ({ path }) =>
        Effect.flatMap(CurrentUser, (caller) => account.endOne(caller, path.sessionId))
      )
      .handle("endOtherSessions", () => Effect.flatMap(CurrentUser, account.endOthers))
      .handle("deleteMe", ({ payload }) =>
        Effect.flatMap(CurrentUser, ({ userId }) =>
          account.deleteAccount(userId, payload.password)
        ).pipe(withRetryAfter)
      )
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
