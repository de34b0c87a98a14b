import { describe, expect, it } from "@effect/vitest"
import {
  figuresOf,
  makeRequestWindow,
  mergeSummaries,
  recordRequest,
  summarize
} from "../../src/Operations/RequestWindow.js"

const T0 = 1_800_000_000_000 // a multiple of ten seconds

describe("the request window", () => {
  it.each([
    // [what, requests as [ms after T0, status, duration ms], now after T0, expected figures]
    ["no requests", [], 0, { perMinute: 0, errorRatePercent: 0, p95Ms: null }],
    ["one fast request", [[0, 200, 3]], 0, { perMinute: 1, errorRatePercent: 0, p95Ms: 5 }],
    [
      "19 fast and one slow: p95 is the 19th, fast",
      [...Array.from({ length: 19 }, () => [0, 200, 20]), [1, 200, 800]],
      5_000,
      { perMinute: 20, errorRatePercent: 0, p95Ms: 25 }
    ],
    [
      "18 fast and two slow: p95 is the 19th, slow",
      [...Array.from({ length: 18 }, () => [0, 200, 20]), [1, 200, 800], [2, 503, 800]],
      5_000,
      { perMinute: 20, errorRatePercent: 5, p95Ms: 1000 }
    ],
    [
      "3 of 8 answered 5xx; 4xx are not errors",
      [
        [0, 500, 1],
        [0, 502, 1],
        [0, 504, 1],
        [0, 400, 1],
        [0, 404, 1],
        [0, 200, 1],
        [0, 201, 1],
        [0, 429, 1]
      ],
      0,
      { perMinute: 8, errorRatePercent: 37.5, p95Ms: 5 }
    ],
    [
      "beyond the last bound",
      [[0, 200, 45_000]],
      0,
      { perMinute: 1, errorRatePercent: 0, p95Ms: 30000 }
    ],
    [
      "a request a minute old has left the window",
      [
        [0, 200, 3],
        [55_000, 200, 60]
      ],
      61_000,
      { perMinute: 1, errorRatePercent: 0, p95Ms: 100 }
    ],
    [
      "a slot is reused, not added to, a minute later",
      [
        [0, 200, 3],
        [60_000, 200, 3]
      ],
      60_000,
      { perMinute: 1, errorRatePercent: 0, p95Ms: 5 }
    ]
  ] as const)("%s", (_, requests, now, expected) => {
    const window = makeRequestWindow()
    for (const [at, status, ms] of requests) recordRequest(window, T0 + at, status, ms)
    expect(figuresOf(summarize(window, T0 + now))).toEqual(expected)
  })

  it("merges replicas by adding counts and histograms", () => {
    const a = makeRequestWindow()
    const b = makeRequestWindow()
    for (let i = 0; i < 10; i++) recordRequest(a, T0, 200, 8)
    for (let i = 0; i < 10; i++) recordRequest(b, T0, i === 0 ? 500 : 200, 400)
    const merged = mergeSummaries([summarize(a, T0), summarize(b, T0)])
    expect(merged.requests).toBe(20)
    expect(figuresOf(merged)).toEqual({ perMinute: 20, errorRatePercent: 5, p95Ms: 500 })
  })
})
