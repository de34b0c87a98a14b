import { Clock, Duration, Effect, Option, Ref } from "effect"
import { LibrarianUnavailable } from "./Errors.js"

export type BreakerState = "closed" | "open" | "half-open"

interface State {
  readonly failures: number
  /** While open: when a probe may go through (epoch ms). */
  readonly openUntil: number
  /** Whether a half-open probe is in flight. */
  readonly probing: boolean
}

/**
 * Stops calling a failing service: after `threshold` consecutive failed calls it opens and
 * answers at once for `cooldown`; then it lets one probe through (half-open), and closes again
 * on its success or opens for another cooldown on its failure.
 */
export const makeCircuitBreaker = (threshold: number, cooldown: Duration.Duration) =>
  Effect.map(Ref.make<State>({ failures: 0, openUntil: 0, probing: false }), (ref) => {
    const cooldownMs = Duration.toMillis(cooldown)

    const stateAt = (s: State, now: number): BreakerState =>
      s.failures < threshold ? "closed" : now < s.openUntil || s.probing ? "open" : "half-open"

    const state = Effect.zipWith(Ref.get(ref), Clock.currentTimeMillis, stateAt)

    /** Runs `effect` unless the breaker is open; counts its failure or success. */
    const protect = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const admitted = yield* Ref.modify(ref, (s) => {
          const current = stateAt(s, now)
          if (current === "open") return [Option.some(s.openUntil - now), s] as const
          return [Option.none(), current === "half-open" ? { ...s, probing: true } : s] as const
        })
        if (Option.isSome(admitted)) {
          return yield* new LibrarianUnavailable({
            reason: "The assistant is paused after repeated failures of its service",
            retryAfter: Option.some(Math.max(1, Math.ceil(admitted.value / 1000)))
          })
        }
        return yield* effect.pipe(
          Effect.tapBoth({
            onFailure: () =>
              Effect.flatMap(Clock.currentTimeMillis, (at) =>
                Ref.update(ref, (s) => {
                  const failures = s.failures + 1
                  return {
                    failures,
                    probing: false,
                    openUntil: failures >= threshold ? at + cooldownMs : s.openUntil
                  }
                })
              ),
            onSuccess: () => Ref.set(ref, { failures: 0, openUntil: 0, probing: false })
          }),
          Effect.onInterrupt(() => Ref.update(ref, (s) => ({ ...s, probing: false })))
        )
      })

    return { protect, state } as const
  })

export type CircuitBreaker = Effect.Effect.Success<ReturnType<typeof makeCircuitBreaker>>
