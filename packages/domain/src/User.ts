import { Schema } from "effect"
import { ActiveSession } from "./Admin.js"
import { Currency } from "./Currency.js"
import { Email } from "./Email.js"
import { UserId } from "./Ids.js"
import { Password } from "./Password.js"
import { Role } from "./Role.js"
import { Timestamp } from "./Timestamp.js"

export const DisplayName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "Display name must not be empty" }),
  Schema.maxLength(100, { message: () => "Display name must be at most 100 characters" })
).annotations({ identifier: "DisplayName" })

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** An IANA time zone ("Europe/Paris", "UTC"), as the browser and the server know them. */
export const TimeZone = Schema.String.pipe(
  Schema.maxLength(64),
  Schema.filter(isTimeZone, {
    message: () => 'Not a time zone; use a name such as "Europe/Paris" or "UTC"'
  })
).annotations({ identifier: "TimeZone" })

export const User = Schema.Struct({
  id: UserId,
  email: Email,
  displayName: Schema.NullOr(Schema.String),
  role: Role,
  defaultCurrency: Currency.annotations({ description: "The currency new portfolios start in" }),
  timeZone: Schema.NullOr(TimeZone).annotations({
    description: "The time zone the web app shows date-times in; null for the browser's own"
  }),
  termsVersion: Schema.String,
  termsAcceptedAt: Timestamp,
  createdAt: Timestamp
}).annotations({ identifier: "User" })
export type User = typeof User.Type

/** A change to the user's own settings; what is left out stays. */
export const UpdateProfile = Schema.Struct({
  displayName: Schema.optional(Schema.NullOr(DisplayName)),
  defaultCurrency: Schema.optional(Currency),
  timeZone: Schema.optional(Schema.NullOr(TimeZone))
}).annotations({ identifier: "UpdateProfile" })
export type UpdateProfile = typeof UpdateProfile.Type

export const ChangePassword = Schema.Struct({
  currentPassword: Schema.String.pipe(Schema.maxLength(128)),
  newPassword: Password
}).annotations({ identifier: "ChangePassword" })
export type ChangePassword = typeof ChangePassword.Type

/** Deleting the account asks for the password once more. */
export const DeleteAccount = Schema.Struct({
  password: Schema.String.pipe(Schema.maxLength(128))
}).annotations({ identifier: "DeleteAccount" })

/** One of the user's own sign-in sessions that has not ended. */
export const OwnSession = Schema.Struct({
  ...ActiveSession.fields,
  current: Schema.Boolean.annotations({ description: "The session making this request" })
}).annotations({ identifier: "OwnSession" })
export type OwnSession = typeof OwnSession.Type

export const OwnSessions = Schema.Struct({ items: Schema.Array(OwnSession) }).annotations({
  identifier: "OwnSessions"
})
