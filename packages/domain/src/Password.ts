import { Schema } from "effect"
import { commonPasswordsText } from "./CommonPasswords.js"

let common: ReadonlySet<string> | undefined
const commonPasswords = (): ReadonlySet<string> => {
  common ??= new Set(commonPasswordsText.split("\n"))
  return common
}

/** True when the password is one of the most common ones (case-insensitive). */
export const isCommonPassword = (password: string): boolean =>
  commonPasswords().has(password.toLowerCase())

/**
 * A new password: 8 to 128 characters, no composition rules (NIST SP 800-63B), and not one of
 * the most common passwords.
 */
export const Password = Schema.String.pipe(
  Schema.minLength(8, { message: () => "Password must be at least 8 characters" }),
  Schema.maxLength(128, { message: () => "Password must be at most 128 characters" }),
  Schema.filter((s) => !isCommonPassword(s) || "This password is too common; choose another", {
    jsonSchema: {}
  }),
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
