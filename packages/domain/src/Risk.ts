import { Schema } from "effect"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

/** A kill switch: while engaged, no bot opens or adds to a group; exits and take-profits go on. */
export const KillSwitch = Schema.Struct({
  engaged: Schema.Boolean,
  reason: Schema.String,
  engagedAt: Schema.NullOr(Timestamp)
}).annotations({ identifier: "KillSwitch" })
export type KillSwitch = typeof KillSwitch.Type

/** The user's own kill switch, and the one administrators hold for every account. */
export const KillSwitches = Schema.Struct({
  user: KillSwitch,
  global: KillSwitch
}).annotations({ identifier: "KillSwitches" })
export type KillSwitches = typeof KillSwitches.Type

export const SetKillSwitch = strictStruct("SetKillSwitch", {
  engaged: Schema.Boolean,
  reason: Schema.optionalWith(Schema.Trim.pipe(Schema.maxLength(300)), { default: () => "" }),
  closeAll: Schema.optionalWith(Schema.Boolean, { default: () => false }).annotations({
    description: "When engaging: also close every open group at market"
  })
})
export type SetKillSwitch = typeof SetKillSwitch.Type
