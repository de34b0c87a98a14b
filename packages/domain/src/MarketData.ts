import { Schema } from "effect"
import { Currency } from "./Currency.js"
import { Price, Quantity } from "./Decimal.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { pageLimit } from "./Paging.js"
import { Timestamp } from "./Timestamp.js"

/** The aggressor side of a public trade. */
export const Side = Schema.Literal("buy", "sell").annotations({
  identifier: "Side",
  message: () => 'Side must be "buy" or "sell"'
})
export type Side = typeof Side.Type

export const AssetClass = Schema.Literal("crypto", "equity", "etf", "fx").annotations({
  identifier: "AssetClass",
  message: () => 'Asset class must be one of "crypto", "equity", "etf", "fx"'
})
export type AssetClass = typeof AssetClass.Type

/** Candle intervals the API serves; coarser ones are aggregated from finer stored candles. */
export const CANDLE_INTERVALS = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
  "4h": 14_400_000,
  "1d": 86_400_000,
  "1w": 604_800_000
} as const
export const CandleInterval = Schema.Literal(
  ...(Object.keys(CANDLE_INTERVALS) as Array<keyof typeof CANDLE_INTERVALS>)
).annotations({
  identifier: "CandleInterval",
  message: () => `Interval must be one of ${Object.keys(CANDLE_INTERVALS).join(", ")}`
})
export type CandleInterval = typeof CandleInterval.Type

/** A tradable instrument, as the market-data pipeline describes it (table `instruments`). */
export const Instrument = Schema.Struct({
  symbol: InstrumentSymbol,
  name: Schema.String,
  assetClass: AssetClass,
  /** For an FX pair, the currency bought (EUR in EUR-USD); null otherwise. */
  baseCurrency: Schema.NullOr(Currency),
  quoteCurrency: Currency,
  active: Schema.Boolean
}).annotations({ identifier: "Instrument" })
export type Instrument = typeof Instrument.Type

export const InstrumentList = Schema.Struct({ items: Schema.Array(Instrument) }).annotations({
  identifier: "InstrumentList"
})

/** One OHLC candle; `time` is the start of its bucket (UTC). Prices in the quote currency. */
export const Candle = Schema.Struct({
  time: Timestamp,
  open: Price,
  high: Price,
  low: Price,
  close: Price,
  volume: Price
}).annotations({ identifier: "Candle" })
export type Candle = typeof Candle.Type

export const CandleSeries = Schema.Struct({
  symbol: InstrumentSymbol,
  interval: CandleInterval,
  sourceInterval: Schema.NullOr(CandleInterval).annotations({
    description: "The stored interval the candles were aggregated from; null when there is none"
  }),
  items: Schema.Array(Candle)
}).annotations({ identifier: "CandleSeries" })
export type CandleSeries = typeof CandleSeries.Type

/** A trade printed on the market (table `public_trades`); `side` is the taker's. */
export const PublicTrade = Schema.Struct({
  id: Schema.String,
  symbol: InstrumentSymbol,
  time: Timestamp,
  price: Price,
  quantity: Quantity,
  side: Side
}).annotations({ identifier: "PublicTrade" })
export type PublicTrade = typeof PublicTrade.Type

export const PublicTradeList = Schema.Struct({ items: Schema.Array(PublicTrade) }).annotations({
  identifier: "PublicTradeList"
})

export const LatestPrice = Schema.Struct({
  symbol: InstrumentSymbol,
  price: Price,
  time: Timestamp,
  source: Schema.Literal("trade", "candle").annotations({
    description: "Whether the newest of the last trade and the last candle close was a trade"
  })
}).annotations({ identifier: "LatestPrice" })
export type LatestPrice = typeof LatestPrice.Type

export const LatestPrices = Schema.Struct({
  items: Schema.Array(LatestPrice),
  missing: Schema.Array(InstrumentSymbol).annotations({
    description: "Requested symbols with no price (unknown, or no data yet)"
  })
}).annotations({ identifier: "LatestPrices" })
export type LatestPrices = typeof LatestPrices.Type

export const InstrumentSearchParams = Schema.Struct({
  q: Schema.optional(
    Schema.Trim.pipe(
      Schema.maxLength(64, { message: () => "The search text must be at most 64 characters" })
    ).annotations({ description: "Part of the symbol or the name, case-insensitive" })
  ),
  assetClass: Schema.optional(AssetClass),
  limit: pageLimit(200, 50)
})
export type InstrumentSearchParams = typeof InstrumentSearchParams.Type

/** At most this many candles in one answer. */
export const MAX_CANDLES = 5000

export const CandleParams = Schema.Struct({
  interval: Schema.optionalWith(CandleInterval, { default: () => "1d" as const }),
  from: Schema.optional(Timestamp).annotations({
    description: "Buckets starting at or after this time (default: 500 intervals before `to`)"
  }),
  to: Schema.optional(Timestamp).annotations({
    description: "Buckets starting before this time (default: now)"
  })
})
export type CandleParams = typeof CandleParams.Type

export const TradeParams = Schema.Struct({ limit: pageLimit(500, 50) })

/** At most this many symbols in one price request. */
export const MAX_PRICE_SYMBOLS = 100

export const PriceParams = Schema.Struct({
  symbols: Schema.compose(
    Schema.split(","),
    Schema.Array(InstrumentSymbol).pipe(
      Schema.minItems(1, { message: () => "Name at least one symbol" }),
      Schema.maxItems(MAX_PRICE_SYMBOLS, {
        message: () => `At most ${MAX_PRICE_SYMBOLS} symbols at a time`
      })
    )
  ).annotations({
    description: `Comma-separated symbols, at most ${MAX_PRICE_SYMBOLS}`,
    jsonSchema: { type: "string", description: "Comma-separated symbols, e.g. BTC-USD,AAPL" }
  })
})
export type PriceParams = typeof PriceParams.Type
