import { Schema } from "effect"
import { Email } from "./Email.js"
import { UserId } from "./Ids.js"
import { Page, pageCursor, pageLimit } from "./Paging.js"
import { Role } from "./Role.js"
import { Timestamp } from "./Timestamp.js"

/** A user as administrators and managers see them. */
export const AdminUser = Schema.Struct({
  id: UserId,
  email: Email,
  displayName: Schema.NullOr(Schema.String),
  role: Role,
  createdAt: Timestamp,
  disabledAt: Schema.NullOr(Timestamp).annotations({
    description: "When an administrator disabled the account; null while it is enabled"
  }),
  lastSignInAt: Schema.NullOr(Timestamp),
  activeSessions: Schema.Int.pipe(Schema.nonNegative()),
  signInLocked: Schema.Boolean.annotations({
    description: "Failed sign-ins currently hold the account back (see unlock)"
  })
}).annotations({ identifier: "AdminUser" })
export type AdminUser = typeof AdminUser.Type

export const AdminUserPage = Page("AdminUserPage", AdminUser)
export type AdminUserPage = typeof AdminUserPage.Type

export const UserStatus = Schema.Literal("enabled", "disabled").annotations({
  message: () => 'Status must be "enabled" or "disabled"'
})

/** Search by e-mail or name (any part, any case), role and status; newest accounts first. */
export const UserSearchQuery = Schema.Struct({
  q: Schema.optional(
    Schema.Trim.pipe(
      Schema.maxLength(100, { message: () => "The search must be at most 100 characters" })
    )
  ),
  role: Schema.optional(Role),
  status: Schema.optional(UserStatus),
  limit: pageLimit(100, 25),
  cursor: pageCursor
})
export type UserSearchQuery = typeof UserSearchQuery.Type

export const ChangeRole = Schema.Struct({ role: Role }).annotations({ identifier: "ChangeRole" })

/** One sign-in session that has not ended. */
export const ActiveSession = Schema.Struct({
  id: Schema.UUID,
  startedAt: Timestamp,
  lastActiveAt: Timestamp.annotations({ description: "When it last renewed its access" }),
  expiresAt: Timestamp,
  ip: Schema.NullOr(Schema.String),
  userAgent: Schema.NullOr(Schema.String)
}).annotations({ identifier: "ActiveSession" })
export type ActiveSession = typeof ActiveSession.Type

export const ActiveSessions = Schema.Struct({ items: Schema.Array(ActiveSession) }).annotations({
  identifier: "ActiveSessions"
})

export const SessionsEnded = Schema.Struct({
  ended: Schema.Int.pipe(Schema.nonNegative())
}).annotations({ identifier: "SessionsEnded" })
