import argon2 from "argon2"
import { Effect } from "effect"

/** OWASP's argon2id baseline: 19 MiB of memory, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1
} as const

/** Password hashing on libuv's thread pool, so the event loop never waits for it. */
export class PasswordHasher extends Effect.Service<PasswordHasher>()("PasswordHasher", {
  effect: Effect.gen(function* () {
    // Verified against when the e-mail is unknown, so that both failures cost the same time.
    const dummyHash = yield* Effect.promise(() =>
      argon2.hash("no user has this password", ARGON2_OPTIONS)
    )
    const verify = (hash: string, password: string) =>
      Effect.tryPromise(() => argon2.verify(hash, password)).pipe(
        Effect.orElseSucceed(() => false),
        Effect.withSpan("PasswordHasher.verify")
      )
    return {
      hash: (password: string) =>
        Effect.promise(() => argon2.hash(password, ARGON2_OPTIONS)).pipe(
          Effect.withSpan("PasswordHasher.hash")
        ),
      verify,
      verifyNothing: (password: string) => Effect.asVoid(verify(dummyHash, password)),
      needsRehash: (hash: string) => argon2.needsRehash(hash, ARGON2_OPTIONS)
    } as const
  })
}) {}
