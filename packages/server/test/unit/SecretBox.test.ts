import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option, Redacted } from "effect"
import { AppConfigTest } from "../../src/AppConfig.js"
import { parseKeyRing } from "../../src/Secrets/KeyRing.js"
import { keyIdOf, SecretBox } from "../../src/Secrets/SecretBox.js"

const A = Buffer.alloc(32, 1).toString("base64")
const B = Buffer.alloc(32, 2).toString("base64")

/** The box with a ring of master keys (none: no SECRETS_KEYS). */
const boxWith = (ring: string | undefined) =>
  SecretBox.Default.pipe(
    Layer.provide(
      AppConfigTest({
        databaseUrl: Redacted.make("postgres://unused"),
        secretsKeys: ring === undefined ? Option.none() : Option.some(Redacted.make(ring))
      })
    )
  )
const run = <A, E>(ring: string | undefined, effect: Effect.Effect<A, E, SecretBox>) =>
  Effect.runPromiseExit(Effect.provide(effect, boxWith(ring)))
const value = async <A, E>(ring: string | undefined, effect: Effect.Effect<A, E, SecretBox>) => {
  const exit = await run(ring, effect)
  if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
  return exit.value
}

const URL = "https://discord.com/api/webhooks/1/secret-token"
const seal = (context = "signal-webhook:u1") =>
  Effect.flatMap(SecretBox, (box) => box.seal(URL, context))

describe("the key ring", () => {
  it.each([
    [`k1:${A}`, ["k1"]],
    [`k2:${B}, k1:${A}`, ["k2", "k1"]],
    [`k1:${A},k1:${B}`, "the key id k1 is given twice"],
    [`k1:${Buffer.alloc(16).toString("base64")}`, "the key k1 is not 32 bytes"],
    [A, `"${A}…" is not id:base64 (an id of a-z, 0-9 and -)`],
    [`K1:${A}`, `"K1…" is not id:base64 (an id of a-z, 0-9 and -)`]
  ])("%s reads as %o", (text, expected) => {
    const ring = parseKeyRing(text)
    expect(typeof ring === "string" ? ring : ring.map((k) => k.id)).toEqual(expected)
  })
})

describe("sealed secrets", () => {
  it("open with their context, and hold no trace of the secret", async () => {
    const sealed = await value(`k1:${A}`, seal())
    expect(sealed.toString("latin1")).not.toContain("secret-token")
    expect(keyIdOf(sealed)).toBe("k1")
    const opened = await value(
      `k1:${A}`,
      Effect.flatMap(SecretBox, (box) => box.open(sealed, "signal-webhook:u1"))
    )
    expect(opened).toBe(URL)
    // Each sealing has its own data key and IVs.
    expect((await value(`k1:${A}`, seal())).equals(sealed)).toBe(false)
  })

  it("do not open in another context, or with bytes changed", async () => {
    const sealed = await value(`k1:${A}`, seal())
    const other = await run(
      `k1:${A}`,
      Effect.flatMap(SecretBox, (box) => box.open(sealed, "signal-webhook:u2"))
    )
    expect(Exit.isFailure(other)).toBe(true)
    const tampered = Buffer.from(sealed)
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] as number) ^ 1
    const broken = await run(
      `k1:${A}`,
      Effect.flatMap(SecretBox, (box) => box.open(tampered, "signal-webhook:u1"))
    )
    expect(Exit.isFailure(broken)).toBe(true)
  })

  it("move to a new master key by re-wrapping their data key, and then open without the old one", async () => {
    const sealed = await value(`k1:${A}`, seal())
    const rotated = await value(
      `k2:${B},k1:${A}`,
      Effect.flatMap(SecretBox, (box) => box.rewrap(sealed, "signal-webhook:u1"))
    )
    expect(Option.isSome(rotated)).toBe(true)
    const moved = Option.getOrThrow(rotated)
    expect(keyIdOf(moved)).toBe("k2")
    expect(
      await value(
        `k2:${B}`,
        Effect.flatMap(SecretBox, (box) => box.open(moved, "signal-webhook:u1"))
      )
    ).toBe(URL)
    // Already under the current key: nothing to do.
    const again = await value(
      `k2:${B},k1:${A}`,
      Effect.flatMap(SecretBox, (box) => box.rewrap(moved, "signal-webhook:u1"))
    )
    expect(Option.isNone(again)).toBe(true)
    // The old one alone, its key gone from the ring: it does not open.
    const lost = await run(
      `k2:${B}`,
      Effect.flatMap(SecretBox, (box) => box.open(sealed, "signal-webhook:u1"))
    )
    expect(Exit.isFailure(lost)).toBe(true)
  })

  it("cannot be made without SECRETS_KEYS, and the refusal says so", async () => {
    const exit = await run(undefined, seal())
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("SECRETS_KEYS")
  })
})
