import { describe, expect, it } from "@effect/vitest"
import { StrategyDocument } from "@trading-app/domain"
import { Schema } from "effect"
import { candleStart, nextCheck, replayWatch } from "../../src/Signals/Live.js"
import { DAY, daily, flat, type Ohlc } from "../support/bars.js"

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const at = (iso: string) => Date.parse(iso)

describe("the candle grid", () => {
  // Thursday 2026-12-03 05:03:30 UTC.
  const now = at("2026-12-03T05:03:30Z")
  it.each([
    ["1m", MINUTE, "2026-12-03T05:03:00.000Z", "2026-12-03T05:04:05.000Z"],
    ["1h", HOUR, "2026-12-03T05:00:00.000Z", "2026-12-03T06:00:05.000Z"],
    ["4h", 4 * HOUR, "2026-12-03T04:00:00.000Z", "2026-12-03T08:00:05.000Z"],
    ["1d", DAY, "2026-12-03T00:00:00.000Z", "2026-12-04T00:00:05.000Z"],
    // Weeks start on Mondays: 2026-11-30.
    ["1w", 7 * DAY, "2026-11-30T00:00:00.000Z", "2026-12-07T00:00:05.000Z"]
  ])("%s: the candle in progress starts at %s and is read at %s", (_, width, start, check) => {
    expect(new Date(candleStart(now, width)).toISOString()).toBe(start)
    expect(new Date(nextCheck(now, width)).toISOString()).toBe(check)
  })
})

const series = (rows: ReadonlyArray<Ohlc>) => new Map([["X", daily(rows)]])

const document = Schema.decodeSync(StrategyDocument)({
  schemaVersion: 1,
  symbols: ["X"],
  timeframe: "1d",
  entry: { rule: "compare", left: { price: "close" }, is: ">", right: { value: 10.5 } },
  exit: { rule: "compare", left: { price: "close" }, is: "<", right: { value: 10.5 } },
  sizing: { type: "percentOfEquity", percent: 100 },
  stopLossPercent: 20,
  feePercent: 0,
  slippagePercent: 0
})

// Day 1 would signal (11 > 10.5) but is before the watch began on day 2. Day 2 closes at 12:
// entry. Bought at day 3's open of 12, the 20% stop is 9.6, and day 3's low of 9 reaches it:
// exit at 9.6. Day 3 closes at 10, flat, so no rule fires. Day 4 closes at 11: entry, judged
// although no later open exists yet.
const CANDLES: ReadonlyArray<Ohlc> = [
  flat(10),
  [10, 11, 10, 11],
  flat(12),
  [12, 12, 9, 10],
  [10, 11, 10, 11]
]

describe("a watch's replay", () => {
  it("signals on each closed candle from its start, the last one included", () => {
    const replay = replayWatch(document, series(CANDLES), 2 * DAY, 1000)
    expect(replay.lastBar).toBe(4 * DAY)
    expect(replay.signals).toEqual([
      { symbol: "X", side: "entry", reason: "rule", time: 2 * DAY, price: 12 },
      { symbol: "X", side: "exit", reason: "stopLoss", time: 3 * DAY, price: 9.6 },
      { symbol: "X", side: "entry", reason: "rule", time: 4 * DAY, price: 11 }
    ])
  })

  it("finds the same signals again one candle later, and only adds the new ones", () => {
    const before = replayWatch(document, series(CANDLES.slice(0, 4)), 2 * DAY, 1000)
    const after = replayWatch(document, series(CANDLES), 2 * DAY, 1000)
    expect(before.lastBar).toBe(3 * DAY)
    expect(after.signals.slice(0, before.signals.length)).toEqual(before.signals)
    expect(after.signals.length).toBe(before.signals.length + 1)
  })

  it("has nothing to say before a candle closes after its start", () => {
    expect(replayWatch(document, series(CANDLES), 5 * DAY, 1000)).toEqual({
      signals: [],
      lastBar: null
    })
  })
})
