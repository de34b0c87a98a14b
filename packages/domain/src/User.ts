import { Schema } from "effect"
import { Email } from "./Email.js"
import { UserId } from "./Ids.js"
import { Role } from "./Role.js"
import { Timestamp } from "./Timestamp.js"

export const DisplayName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "Display name must not be empty" }),
  Schema.maxLength(100, { message: () => "Display name must be at most 100 characters" })
).annotations({ identifier: "DisplayName" })

export const User = Schema.Struct({
  id: UserId,
  email: Email,
  displayName: Schema.NullOr(Schema.String),
  role: Role,
  termsVersion: Schema.String,
  termsAcceptedAt: Timestamp,
  createdAt: Timestamp
}).annotations({ identifier: "User" })
export type User = typeof User.Type
