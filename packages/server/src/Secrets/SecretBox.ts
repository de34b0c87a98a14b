import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"
import { NotAvailable } from "@trading-app/domain"
import { Effect, Option, Redacted } from "effect"
import { AppConfig } from "../AppConfig.js"
import { KEY_BYTES, type MasterKey, parseKeyRing } from "./KeyRing.js"

/** The layout's version: its first byte, so a later layout can be told apart. */
const LAYOUT = 1
const IV_BYTES = 12
const TAG_BYTES = 16

const noKey = new NotAvailable({
  message:
    "This server cannot keep secrets yet: its operator has not set SECRETS_KEYS. Ask them to set it, then try again"
})

const encrypt = (key: Buffer, plain: Buffer, context: Buffer) => {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv("aes-256-gcm", key, iv)
  cipher.setAAD(context)
  const body = Buffer.concat([cipher.update(plain), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()])
}

const decrypt = (key: Buffer, sealed: Buffer, context: Buffer) => {
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, IV_BYTES))
  decipher.setAAD(context)
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final()
  ])
}

/** A data key wrapped by a master key: its IV, the 32 bytes and the tag. */
const WRAPPED_BYTES = IV_BYTES + KEY_BYTES + TAG_BYTES

interface Envelope {
  readonly keyId: string
  readonly wrapped: Buffer
  readonly body: Buffer
}

const pack = ({ keyId, wrapped, body }: Envelope) =>
  Buffer.concat([Buffer.of(LAYOUT, keyId.length), Buffer.from(keyId), wrapped, body])

const unpack = (sealed: Uint8Array): Envelope => {
  const bytes = Buffer.from(sealed)
  if (bytes[0] !== LAYOUT) throw new Error(`Unknown sealed layout ${bytes[0]}`)
  const idLength = bytes[1] as number
  const at = 2 + idLength
  return {
    keyId: bytes.subarray(2, at).toString(),
    wrapped: bytes.subarray(at, at + WRAPPED_BYTES),
    body: bytes.subarray(at + WRAPPED_BYTES)
  }
}

/** The id of the master key a sealed secret's data key is wrapped with. */
export const keyIdOf = (sealed: Uint8Array) => unpack(sealed).keyId

/**
 * Envelope encryption of the secrets users give (webhook addresses, exchange keys): each secret
 * gets a random data key (AES-256-GCM), and the data key is wrapped by the current master key of
 * the ring (SECRETS_KEYS). `context` names what a secret is for and whose it is (e.g.
 * "signal-webhook:<user id>"): it is authenticated with both, so a sealed value copied to another
 * row does not open there. Older master keys still open what they wrapped until `rewrap` has
 * moved it to the current one.
 */
export class SecretBox extends Effect.Service<SecretBox>()("SecretBox", {
  effect: Effect.gen(function* () {
    const { secretsKeys } = yield* AppConfig
    const ring = Option.map(
      secretsKeys,
      (text) => parseKeyRing(Redacted.value(text)) as Array<MasterKey>
    )
    // A secret that does not open is a defect: a key gone from the ring, or tampered bytes.
    const withRing = <A>(
      f: (keys: ReadonlyArray<MasterKey>) => A
    ): Effect.Effect<A, NotAvailable> =>
      Option.isNone(ring) ? Effect.fail(noKey) : Effect.orDie(Effect.try(() => f(ring.value)))

    const masterOf = (keys: ReadonlyArray<MasterKey>, id: string) => {
      const found = keys.find((k) => k.id === id)
      if (found === undefined)
        throw new Error(
          `A secret is sealed under the key ${id}, which SECRETS_KEYS no longer holds`
        )
      return found.key
    }

    /** The sealed bytes of `plain`, under the current master key. */
    const seal = (plain: string, context: string) =>
      withRing((keys) => {
        const current = keys[0] as MasterKey
        const aad = Buffer.from(context)
        const dataKey = randomBytes(KEY_BYTES)
        return pack({
          keyId: current.id,
          wrapped: encrypt(current.key, dataKey, aad),
          body: encrypt(dataKey, Buffer.from(plain, "utf8"), aad)
        })
      })

    /** The secret (a defect if it does not open: a key gone from the ring, another context). */
    const open = (sealed: Uint8Array, context: string) =>
      withRing((keys) => {
        const envelope = unpack(sealed)
        const aad = Buffer.from(context)
        const dataKey = decrypt(masterOf(keys, envelope.keyId), envelope.wrapped, aad)
        return decrypt(dataKey, envelope.body, aad).toString("utf8")
      })

    /** The same secret with its data key wrapped by the current master key; none if it is already. */
    const rewrap = (sealed: Uint8Array, context: string) =>
      withRing((keys) => {
        const current = keys[0] as MasterKey
        const envelope = unpack(sealed)
        if (envelope.keyId === current.id) return Option.none<Buffer>()
        const aad = Buffer.from(context)
        const dataKey = decrypt(masterOf(keys, envelope.keyId), envelope.wrapped, aad)
        return Option.some(
          pack({
            keyId: current.id,
            wrapped: encrypt(current.key, dataKey, aad),
            body: envelope.body
          })
        )
      })

    /** The ids of the ring's keys, the current first; empty without SECRETS_KEYS. */
    const keyIds = Option.match(ring, { onNone: () => [], onSome: (keys) => keys.map((k) => k.id) })

    return { seal, open, rewrap, keyIds } as const
  })
}) {}
