/** A strategy on 1-minute candles of `symbol`: in when SMA 3 crosses above SMA 8, out below. */
export const smaCrossDocument = (symbol: string, more: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  symbols: [symbol],
  timeframe: "1m",
  entry: {
    rule: "cross",
    left: { indicator: "sma", period: 3 },
    crosses: "above",
    right: { indicator: "sma", period: 8 }
  },
  exit: {
    rule: "cross",
    left: { indicator: "sma", period: 3 },
    crosses: "below",
    right: { indicator: "sma", period: 8 }
  },
  sizing: { type: "percentOfEquity", percent: 50 },
  ...more
})
