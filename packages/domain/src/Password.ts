import { Effect, Schema } from "effect"

// The list is loaded on first use: the web app fetches it only when a new password is checked,
// keeping it out of the JavaScript of the first screen.
let common: Promise<ReadonlySet<string>> | undefined
const commonPasswords = (): Promise<ReadonlySet<string>> => {
  common ??= import("./CommonPasswords.js").then(
    ({ commonPasswordsText }) => new Set(commonPasswordsText.split("\n"))
  )
  return common
}

/** True when the password is one of the most common ones (case-insensitive). */
export const isCommonPassword = async (password: string): Promise<boolean> =>
  (await commonPasswords()).has(password.toLowerCase())

/**
 * A new password: 8 to 128 characters, no composition rules (NIST SP 800-63B), and not one of
 * the most common passwords. The last check is asynchronous: decode with `Schema.decodeUnknown`
 * (an Effect), not the synchronous decoders.
 */
export const Password = Schema.String.pipe(
  Schema.minLength(8, { message: () => "Password must be at least 8 characters" }),
  Schema.maxLength(128, { message: () => "Password must be at most 128 characters" }),
  Schema.filterEffect((s) =>
    Effect.promise(() => isCommonPassword(s)).pipe(
      Effect.map((isCommon) => !isCommon || "This password is too common; choose another")
    )
  ),
  Schema.brand("Password")
).annotations({
  identifier: "Password",
  jsonSchema: { type: "string", minLength: 8, maxLength: 128 }
})
export type Password = typeof Password.Type

/** A password offered at login: only bounded, never checked against the policy. */
export const LoginPassword = Schema.String.pipe(
  Schema.minLength(1, { message: () => "Password is required" }),
  Schema.maxLength(128, { message: () => "Password must be at most 128 characters" })
).annotations({ identifier: "LoginPassword" })
