/**
 * Deterministic sample market data for the embedded default: instruments and geometric random
 * walks with realistic annual volatility, candles only while each market is open. Prices are
 * generated as binary floats and written as decimal text; they are sample data, not money sums.
 */

/** When a market trades: around the clock, on weekdays, or weekdays between two UTC hours. */
export type Session =
  | "always"
  | "weekdays"
  | { readonly openHour: number; readonly closeHour: number }

export interface SampleInstrument {
  readonly symbol: string
  readonly name: string
  readonly assetClass: "crypto" | "equity" | "etf" | "fx"
  readonly baseCurrency: string | null
  readonly quoteCurrency: string
  /** The price the walk ends at "now", close to the real one of late 2026. */
  readonly price: number
  /** Annualised volatility of log returns. */
  readonly volatility: number
  readonly decimals: number
  /** A typical trade's quantity. */
  readonly lot: number
  readonly session: Session
}

const US = { openHour: 14, closeHour: 21 } as const
const EUROPE = { openHour: 8, closeHour: 16 } as const
const TOKYO = { openHour: 0, closeHour: 6 } as const

export const SAMPLE_INSTRUMENTS: ReadonlyArray<SampleInstrument> = [
  {
    symbol: "BTC-USD",
    name: "Bitcoin",
    assetClass: "crypto",
    baseCurrency: null,
    quoteCurrency: "USD",
    price: 91500,
    volatility: 0.55,
    decimals: 2,
    lot: 0.05,
    session: "always"
  },
  {
    symbol: "ETH-USD",
    name: "Ether",
    assetClass: "crypto",
    baseCurrency: null,
    quoteCurrency: "USD",
    price: 3050,
    volatility: 0.7,
    decimals: 2,
    lot: 0.8,
    session: "always"
  },
  {
    symbol: "SOL-USD",
    name: "Solana",
    assetClass: "crypto",
    baseCurrency: null,
    quoteCurrency: "USD",
    price: 142,
    volatility: 0.9,
    decimals: 3,
    lot: 12,
    session: "always"
  },
  {
    symbol: "AAPL",
    name: "Apple Inc.",
    assetClass: "equity",
    baseCurrency: null,
    quoteCurrency: "USD",
    price: 271,
    volatility: 0.27,
    decimals: 2,
    lot: 40,
    session: US
  },
  {
    symbol: "MSFT",
    name: "Microsoft Corporation",
    assetClass: "equity",
    baseCurrency: null,
    quoteCurrency: "USD",
    price: 478,
    volatility: 0.24,
    decimals: 2,
    lot: 25,
    session: US
  },
  {
    symbol: "NVDA",
    name: "NVIDIA Corporation",
    assetClass: "equity",
    baseCurrency: null,
    quoteCurrency: "USD",
    price: 182,
    volatility: 0.5,
    decimals: 2,
    lot: 60,
    session: US
  },
  {
    symbol: "TSLA",
    name: "Tesla, Inc.",
    assetClass: "equity",
    baseCurrency: null,
    quoteCurrency: "USD",
    price: 395,
    volatility: 0.6,
    decimals: 2,
    lot: 30,
    session: US
  },
  {
    symbol: "SAP.DE",
    name: "SAP SE",
    assetClass: "equity",
    baseCurrency: null,
    quoteCurrency: "EUR",
    price: 208,
    volatility: 0.26,
    decimals: 2,
    lot: 30,
    session: EUROPE
  },
  {
    symbol: "VOD.L",
    name: "Vodafone Group Plc",
    assetClass: "equity",
    baseCurrency: null,
    quoteCurrency: "GBP",
    price: 0.86,
    volatility: 0.25,
    decimals: 4,
    lot: 5000,
    session: EUROPE
  },
  {
    symbol: "7203.T",
    name: "Toyota Motor Corporation",
    assetClass: "equity",
    baseCurrency: null,
    quoteCurrency: "JPY",
    price: 3010,
    volatility: 0.28,
    decimals: 0,
    lot: 100,
    session: TOKYO
  },
  {
    symbol: "SPY",
    name: "SPDR S&P 500 ETF Trust",
    assetClass: "etf",
    baseCurrency: null,
    quoteCurrency: "USD",
    price: 662,
    volatility: 0.16,
    decimals: 2,
    lot: 50,
    session: US
  },
  {
    symbol: "EUR-USD",
    name: "Euro / US Dollar",
    assetClass: "fx",
    baseCurrency: "EUR",
    quoteCurrency: "USD",
    price: 1.154,
    volatility: 0.07,
    decimals: 5,
    lot: 100000,
    session: "weekdays"
  },
  {
    symbol: "GBP-USD",
    name: "British Pound / US Dollar",
    assetClass: "fx",
    baseCurrency: "GBP",
    quoteCurrency: "USD",
    price: 1.311,
    volatility: 0.08,
    decimals: 5,
    lot: 100000,
    session: "weekdays"
  },
  {
    symbol: "USD-JPY",
    name: "US Dollar / Japanese Yen",
    assetClass: "fx",
    baseCurrency: "USD",
    quoteCurrency: "JPY",
    price: 156.4,
    volatility: 0.09,
    decimals: 3,
    lot: 100000,
    session: "weekdays"
  }
]

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000
const YEAR = 365 * DAY

export const isOpen = (session: Session, time: number): boolean => {
  if (session === "always") return true
  const date = new Date(time)
  const weekday = date.getUTCDay()
  if (weekday === 0 || weekday === 6) return false
  if (session === "weekdays") return true
  const hour = date.getUTCHours()
  return hour >= session.openHour && hour < session.closeHour
}

/** The share of the year a market is open, so volatility is spread over its trading time. */
const openShare = (session: Session): number =>
  session === "always"
    ? 1
    : session === "weekdays"
      ? 5 / 7
      : ((5 / 7) * (session.closeHour - session.openHour)) / 24

/** The standard deviation of one step's log return. */
export const stepSigma = (instrument: SampleInstrument, stepMs: number): number =>
  instrument.volatility * Math.sqrt(stepMs / (YEAR * openShare(instrument.session)))

/** A small seeded generator (mulberry32): the same seed gives the same data everywhere. */
export const seededRandom = (seed: number) => {
  let state = seed >>> 0
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const normal = () => {
    const u = Math.max(uniform(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform())
  }
  return { uniform, normal }
}
export type Random = ReturnType<typeof seededRandom>

/** A number for seeding from a text (FNV-1a). */
export const hashSeed = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

export interface CandleRow {
  readonly symbol: string
  readonly interval: "1m" | "1h"
  readonly time: number
  readonly open: string
  readonly high: string
  readonly low: string
  readonly close: string
  readonly volume: string
}

/**
 * Candles of one step size over [from, to), only while the market is open. The walk ends at
 * `endPrice` (generating back from a known price) or starts at `startPrice` (continuing one).
 */
export const generateCandles = (
  instrument: SampleInstrument,
  options: {
    readonly interval: "1m" | "1h"
    readonly from: number
    readonly to: number
    readonly random: Random
  } & ({ readonly endPrice: number } | { readonly startPrice: number })
): ReadonlyArray<CandleRow> => {
  const step = options.interval === "1m" ? MINUTE : HOUR
  const times: Array<number> = []
  for (let t = Math.ceil(options.from / step) * step; t < options.to; t += step) {
    if (isOpen(instrument.session, t)) times.push(t)
  }
  const sigma = stepSigma(instrument, step)
  const { random } = options
  const shocks = times.map(() => Math.exp(sigma * random.normal() - (sigma * sigma) / 2))
  // closes[i] is the close of candle i; closes[-1] (the first open) is `prices[0]`.
  const prices = new Array<number>(times.length + 1)
  if ("endPrice" in options) {
    prices[times.length] = options.endPrice
    for (let i = times.length - 1; i >= 0; i--) prices[i] = prices[i + 1]! / shocks[i]!
  } else {
    prices[0] = options.startPrice
    for (let i = 0; i < times.length; i++) prices[i + 1] = prices[i]! * shocks[i]!
  }
  const fmt = (n: number) => n.toFixed(instrument.decimals)
  return times.map((time, i) => {
    const open = prices[i]!
    const close = prices[i + 1]!
    const wick = () => Math.abs(random.normal()) * sigma * 0.5
    const high = Math.max(open, close) * (1 + wick())
    const low = Math.min(open, close) * (1 - wick())
    const volume = instrument.lot * (step / MINUTE) * Math.exp(0.5 * random.normal())
    return {
      symbol: instrument.symbol,
      interval: options.interval,
      time,
      open: fmt(open),
      high: fmt(high),
      low: fmt(low),
      close: fmt(close),
      volume: volume.toFixed(4)
    }
  })
}

export interface TradeRow {
  readonly symbol: string
  readonly time: number
  readonly price: string
  readonly quantity: string
  readonly side: "buy" | "sell"
}

/** Two public trades within each minute candle, the later one at its close. */
export const tradesOf = (
  instrument: SampleInstrument,
  candle: CandleRow,
  random: Random
): ReadonlyArray<TradeRow> => {
  const low = Number(candle.low)
  const high = Number(candle.high)
  const size = () => (instrument.lot * Math.exp(0.6 * random.normal())).toFixed(4)
  const side = () => (random.uniform() < 0.5 ? "buy" : "sell")
  return [
    {
      symbol: instrument.symbol,
      time: candle.time + Math.floor(random.uniform() * 29_000),
      price: (low + (high - low) * random.uniform()).toFixed(instrument.decimals),
      quantity: size(),
      side: side()
    },
    {
      symbol: instrument.symbol,
      time: candle.time + 59_000,
      price: candle.close,
      quantity: size(),
      side: side()
    }
  ]
}
