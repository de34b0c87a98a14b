import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber } from "effect"
import { CandleBudget } from "../../src/Strategies/CandleBudget.js"

/** A test that holds its candles until `done` is completed, and notes when it began. */
const holding = (
  budget: CandleBudget,
  candles: number,
  began: Array<string>,
  name: string,
  done: Deferred.Deferred<void>
) =>
  budget.withCandles(candles)(
    Effect.zipRight(
      Effect.sync(() => began.push(name)),
      Deferred.await(done)
    )
  )

describe("the candle budget", () => {
  it.live("lets tests that fit together run side by side, and makes a larger one wait", () =>
    Effect.gen(function* () {
      const budget = yield* CandleBudget
      const began: Array<string> = []
      const [a, b, c] = yield* Effect.all([
        Deferred.make<void>(),
        Deferred.make<void>(),
        Deferred.make<void>()
      ])
      const first = yield* Effect.fork(holding(budget, 400_000, began, "a", a))
      const second = yield* Effect.fork(holding(budget, 400_000, began, "b", b))
      yield* Effect.yieldNow()
      // 400,000 + 400,000 fit in 1,000,000; 600,000 more do not, until one ends.
      const third = yield* Effect.fork(holding(budget, 600_000, began, "c", c))
      yield* Effect.sleep("10 millis")
      expect(began).toEqual(["a", "b"])
      yield* Deferred.succeed(a, undefined)
      yield* Fiber.join(first)
      yield* Effect.sleep("10 millis")
      expect(began).toEqual(["a", "b", "c"])
      yield* Deferred.succeed(b, undefined)
      yield* Deferred.succeed(c, undefined)
      yield* Fiber.join(second)
      yield* Fiber.join(third)
    }).pipe(Effect.provide(CandleBudget.Default))
  )

  it.live("lets a test larger than the whole budget run alone rather than never", () =>
    Effect.gen(function* () {
      const budget = yield* CandleBudget
      const result = yield* budget.withCandles(5_000_000)(Effect.succeed("ran"))
      expect(result).toBe("ran")
    }).pipe(Effect.provide(CandleBudget.Default))
  )
})
