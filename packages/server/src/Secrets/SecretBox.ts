import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"
import { NotAvailable } from "@trading-app/domain"
import { Effect, Option, Redacted } from "effect"
import { AppConfig } from "../AppConfig.js"

/** The layout's version: its first byte, so a later key or cipher can be told apart. */
const VERSION = 1
const IV_BYTES = 12
const TAG_BYTES = 16

const noKey = new NotAvailable({
  message:
    "This server cannot keep secrets yet: its operator has not set SECRETS_KEY. Ask them to set it, then try again"
})

/**
 * Encrypts the secrets users give (webhook addresses) with AES-256-GCM under SECRETS_KEY.
 * `context` names what a secret is for and whose it is (e.g. "signal-webhook:<user id>"): it is
 * authenticated with the secret, so a sealed value copied to another row does not open there.
 */
export class SecretBox extends Effect.Service<SecretBox>()("SecretBox", {
  effect: Effect.gen(function* () {
    const { secretsKey } = yield* AppConfig
    const key = Option.map(secretsKey, (k) => Buffer.from(Redacted.value(k), "base64"))

    const seal = (plain: string, context: string) =>
      Option.match(key, {
        onNone: () => Effect.fail(noKey),
        onSome: (k) =>
          Effect.sync(() => {
            const iv = randomBytes(IV_BYTES)
            const cipher = createCipheriv("aes-256-gcm", k, iv)
            cipher.setAAD(Buffer.from(context))
            const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()])
            return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()])
          })
      })

    /** The secret; a defect if it does not open (another key, or another context). */
    const open = (sealed: Uint8Array, context: string) =>
      Option.match(key, {
        onNone: () => Effect.fail(noKey),
        onSome: (k) =>
          Effect.try(() => {
            const bytes = Buffer.from(sealed)
            if (bytes[0] !== VERSION) throw new Error(`Unknown sealed layout ${bytes[0]}`)
            const iv = bytes.subarray(1, 1 + IV_BYTES)
            const tag = bytes.subarray(bytes.length - TAG_BYTES)
            const decipher = createDecipheriv("aes-256-gcm", k, iv)
            decipher.setAAD(Buffer.from(context))
            decipher.setAuthTag(tag)
            const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)
            return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8")
          }).pipe(Effect.orDie)
      })

    return { seal, open } as const
  })
}) {}
