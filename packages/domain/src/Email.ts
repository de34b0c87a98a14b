import { Schema } from "effect"

// Deliberately loose: one "@", no spaces, a dot in the domain. Deliverability is the mail
// server's business; the form only has to catch typos.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An e-mail address, trimmed and lower-cased on decode so that uniqueness is case-insensitive. */
export const Email = Schema.transform(
  Schema.String,
  Schema.String.pipe(
    Schema.maxLength(254, { message: () => "Email must be at most 254 characters" }),
    Schema.pattern(EMAIL_PATTERN, { message: () => "Email must look like name@example.com" }),
    Schema.brand("Email")
  ),
  {
    strict: false,
    decode: (s) => s.trim().toLowerCase(),
    encode: (s) => s
  }
).annotations({
  identifier: "Email",
  jsonSchema: { type: "string", format: "email", maxLength: 254 }
})
export type Email = typeof Email.Type
