import { describe, expect, it } from "vitest"
import { decide, estimate } from "../../src/RateLimit/SlidingWindow.js"

describe("the sliding-window rate limit", () => {
  it.each([
    // current, previous, elapsed → estimate
    [10, 0, 0, 10],
    [10, 60, 30, 40], // half of the previous minute still counts: 10 + 30
    [1, 100, 45, 26], // a quarter of 100 still counts: 1 + 25
    [50, 100, 59.4, 51] // 100 · 0.6 / 60 = 1
  ])("counts %i now and %i before, %ss in, as %d", (current, previous, elapsed, expected) => {
    expect(estimate({ current, previous, elapsedSeconds: elapsed })).toBeCloseTo(expected, 9)
  })

  it.each([
    // limit 100: within the limit, at it, one over
    [100, { current: 100, previous: 0, elapsedSeconds: 10 }, { allowed: true }],
    [100, { current: 70, previous: 60, elapsedSeconds: 30 }, { allowed: true }], // 70 + 30
    // 71 + 30 = 101: wait until 60 · (60 − t) / 60 ≤ 29, t = 31 s, 1 s from now
    [
      100,
      { current: 71, previous: 60, elapsedSeconds: 30 },
      { allowed: false, retryAfterSeconds: 1 }
    ],
    // 51 + 120·(60−10)/60 = 151: t with 120 · (60 − t)/60 ≤ 49 is 35.5 s, 25.5 s from now → 26
    [
      100,
      { current: 51, previous: 120, elapsedSeconds: 10 },
      { allowed: false, retryAfterSeconds: 26 }
    ],
    // The current minute alone is full (101 at 20 s): 40 s to the next minute, then
    // 101 · (60 − t)/60 ≤ 99 at t = 1.19 s → 41.19 → 42
    [
      100,
      { current: 101, previous: 0, elapsedSeconds: 20 },
      { allowed: false, retryAfterSeconds: 42 }
    ],
    // 6 at 59.9 s: 0.1 s to the next minute, then 6 · (60 − t)/60 ≤ 4 at t = 20 → 20.1 → 21
    [
      5,
      { current: 6, previous: 0, elapsedSeconds: 59.9 },
      { allowed: false, retryAfterSeconds: 21 }
    ],
    // 71 + 60 · 29.1/60 = 100.1: fits at t = 31 s, 0.1 s from now; never less than a second
    [
      100,
      { current: 71, previous: 60, elapsedSeconds: 30.9 },
      { allowed: false, retryAfterSeconds: 1 }
    ]
  ])("limit %i with %o: %o", (limit, counts, expected) => {
    expect(decide(limit, counts)).toEqual(expected)
  })
})
