import { Effect } from "effect"

/**
 * Lets the event loop serve other requests between slices of a long computation. setImmediate
 * runs after pending I/O without the millisecond a timer costs, so yielding often is cheap.
 */
export const yieldToEventLoop: Effect.Effect<void> = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})

/** Runs stepwise work (a generator that pauses now and then) to its end, yielding at each pause. */
export const runInSlices = <A>(steps: Generator<unknown, A>): Effect.Effect<A> =>
  Effect.gen(function* () {
    for (;;) {
      const next = steps.next()
      if (next.done) return next.value
      yield* yieldToEventLoop
    }
  })

/** About this many ledger entries are processed between two yields (a few milliseconds). */
export const ENTRIES_PER_SLICE = 4000

/**
 * Maps items one by one, yielding to the event loop whenever about `ENTRIES_PER_SLICE` entries'
 * worth of work (as `weight` counts it) has been done since the last yield.
 */
export const mapInSlices = <A, B>(
  items: ReadonlyArray<A>,
  weight: (a: A) => number,
  f: (a: A) => B
): Effect.Effect<Array<B>> =>
  Effect.gen(function* () {
    const out: Array<B> = []
    let done = 0
    for (const item of items) {
      out.push(f(item))
      done += weight(item)
      if (done >= ENTRIES_PER_SLICE) {
        done = 0
        yield* yieldToEventLoop
      }
    }
    return out
  })
