import { SqlClient } from "@effect/sql"
import {
  type AssetClass,
  CANDLE_INTERVALS,
  Candle,
  type CandleInterval,
  Instrument,
  type InstrumentSymbol,
  LatestPrice,
  MAX_CANDLES,
  PublicTrade,
  type Timestamp
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { AppConfig } from "../AppConfig.js"
import { containsPattern, escapeLike } from "../Database/Like.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

const decodeInstruments = rowsDecoder(Schema.typeSchema(Instrument))
const decodeCandles = rowsDecoder(Schema.typeSchema(Candle))
const decodeTrades = rowsDecoder(Schema.typeSchema(PublicTrade))
const decodePrices = rowsDecoder(Schema.typeSchema(LatestPrice))

/** Buckets of every width are aligned to this Monday, so weeks start on Mondays (UTC). */
export const ORIGIN = "timestamptz '2000-01-03 00:00:00+00'"

/** The SQL interval of a candle interval name, e.g. '1 hour'. */
export const widthSql = (interval: CandleInterval) => `${CANDLE_INTERVALS[interval] / 1000} seconds`

/** A candle's end: its start plus the width of its interval. */
const CANDLE_END = `bucket_start + CASE interval ${Object.entries(CANDLE_INTERVALS)
  .map(([name, ms]) => `WHEN '${name}' THEN interval '${ms / 1000} seconds'`)
  .join(" ")} END`

/** When a candle's close was observed: its end, or its start while it is still open. */
const CLOSE_TIME = `CASE WHEN ${CANDLE_END} <= now() THEN ${CANDLE_END} ELSE bucket_start END`

// Prices are read at most to numeric(28, 10) precision, in canonical text.
const dec = (column: string) => `trim_scale(round(${column}, 10))`

export interface StoredInterval {
  readonly interval: CandleInterval
  readonly first: Date
}

/** One row per symbol and interval of a series, packed as text to read many rows cheaply. */
export interface PackedSeries {
  readonly symbol: string
  readonly interval: CandleInterval
  /** Candle start times in epoch seconds, ascending, separated by commas. */
  readonly starts: string
  /** The matching closes, canonical decimal text, separated by commas. */
  readonly closes: string
}

/**
 * Read-only access to the pipeline's tables (instruments, ohlc, public_trades) in the schema
 * named by MARKET_DATA_SCHEMA. The app's role holds only SELECT there.
 */
export class MarketDataRepo extends Effect.Service<MarketDataRepo>()("MarketDataRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const { marketDataSchema } = yield* AppConfig
    // The setting is validated as a plain identifier, so quoting it is enough.
    const table = (name: string) => sql.literal(`"${marketDataSchema}".${name}`)
    const instruments = table("instruments")
    const ohlc = table("ohlc")
    const trades = table("public_trades")
    const instrumentColumns = sql.literal(`symbol, name, asset_class AS "assetClass",
      base_currency AS "baseCurrency", quote_currency AS "quoteCurrency", active`)

    const search = (q: string | undefined, assetClass: AssetClass | undefined, limit: number) => {
      const where = [sql`true`]
      // Exact symbol first, then symbols that start with the text, then the rest.
      const order = [sql`NOT active`, sql`symbol`]
      if (q !== undefined && q !== "") {
        where.push(sql`(symbol ILIKE ${containsPattern(q)} OR name ILIKE ${containsPattern(q)})`)
        order.unshift(
          sql`upper(symbol) <> upper(${q})`,
          sql`symbol NOT ILIKE ${`${escapeLike(q)}%`}`
        )
      }
      if (assetClass !== undefined) where.push(sql`asset_class = ${assetClass}`)
      return sql`SELECT ${instrumentColumns} FROM ${instruments} WHERE ${sql.and(where)}
                 ORDER BY ${sql.csv(order)} LIMIT ${limit}`.pipe(
        Effect.flatMap(decodeInstruments),
        Effect.orDie,
        Effect.withSpan("MarketDataRepo.search")
      )
    }

    const instrument = (symbol: InstrumentSymbol) =>
      sql`SELECT ${instrumentColumns} FROM ${instruments} WHERE symbol = ${symbol}`.pipe(
        Effect.flatMap(decodeInstruments),
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie,
        Effect.withSpan("MarketDataRepo.instrument")
      )

    const instrumentsOf = (symbols: ReadonlyArray<string>) =>
      sql`SELECT ${instrumentColumns} FROM ${instruments} WHERE symbol = ANY(${symbols}::text[])`.pipe(
        Effect.flatMap(decodeInstruments),
        Effect.orDie,
        Effect.withSpan("MarketDataRepo.instrumentsOf")
      )

    const fxPairs = sql`SELECT ${instrumentColumns} FROM ${instruments}
                        WHERE asset_class = 'fx' AND base_currency IS NOT NULL`.pipe(
      Effect.flatMap(decodeInstruments),
      Effect.orDie,
      Effect.withSpan("MarketDataRepo.fxPairs")
    )

    /** For each candidate interval, the earliest stored candle of the symbol (index lookups). */
    const storedIntervals = (symbol: InstrumentSymbol, candidates: ReadonlyArray<CandleInterval>) =>
      sql<{ interval: CandleInterval; first: Date | null }>`
        SELECT i AS interval,
          (SELECT min(bucket_start) FROM ${ohlc} WHERE symbol = ${symbol} AND interval = i) AS first
        FROM unnest(${candidates}::text[]) AS i`.pipe(
        Effect.map((rows) =>
          rows.flatMap(
            (r): Array<StoredInterval> =>
              r.first === null ? [] : [{ interval: r.interval, first: r.first }]
          )
        ),
        Effect.orDie,
        Effect.withSpan("MarketDataRepo.storedIntervals")
      )

    /** Candles of `interval`, aggregated from the stored `source` interval, oldest first. */
    const candles = (
      symbol: InstrumentSymbol,
      interval: CandleInterval,
      source: CandleInterval,
      from: Timestamp,
      to: Timestamp
    ) => {
      const width = widthSql(interval)
      const query =
        interval === source
          ? sql`SELECT ${sql.literal(isoTimestamp("bucket_start", "time"))},
                  ${sql.literal(`${dec("open")} AS open, ${dec("high")} AS high, ${dec("low")} AS low,
                  ${dec("close")} AS close, ${dec("volume")} AS volume`)}
                FROM ${ohlc} WHERE symbol = ${symbol} AND interval = ${source}
                  AND bucket_start >= ${from}::timestamptz AND bucket_start < ${to}::timestamptz
                ORDER BY bucket_start LIMIT ${MAX_CANDLES}`
          : sql`SELECT ${sql.literal(isoTimestamp("b", "time"))},
                  ${sql.literal(`${dec("o")} AS open, ${dec("h")} AS high, ${dec("l")} AS low,
                  ${dec("c")} AS close, ${dec("v")} AS volume`)}
                FROM (
                  SELECT date_bin(${width}::interval, bucket_start, ${sql.literal(ORIGIN)}) AS b,
                    (array_agg(open ORDER BY bucket_start))[1] AS o, max(high) AS h, min(low) AS l,
                    (array_agg(close ORDER BY bucket_start DESC))[1] AS c, sum(volume) AS v
                  FROM ${ohlc}
                  WHERE symbol = ${symbol} AND interval = ${source}
                    AND bucket_start >= date_bin(${width}::interval, ${from}::timestamptz, ${sql.literal(ORIGIN)})
                    AND bucket_start < ${to}::timestamptz
                  GROUP BY b
                ) AS buckets
                ORDER BY b LIMIT ${MAX_CANDLES}`
      return query.pipe(
        Effect.flatMap(decodeCandles),
        Effect.orDie,
        Effect.withSpan("MarketDataRepo.candles", { attributes: { interval, source } })
      )
    }

    const recentTrades = (symbol: InstrumentSymbol, limit: number) =>
      sql`SELECT id::text AS id, symbol, ${sql.literal(isoTimestamp("time", "time"))},
            ${sql.literal(`${dec("price")} AS price, ${dec("quantity")} AS quantity`)}, side
          FROM ${trades} WHERE symbol = ${symbol} ORDER BY time DESC, id DESC LIMIT ${limit}`.pipe(
        Effect.flatMap(decodeTrades),
        Effect.orDie,
        Effect.withSpan("MarketDataRepo.recentTrades")
      )

    /**
     * A symbol's trades after `after`, oldest first, at most `limit` of them, with the time of
     * each as epoch milliseconds: what the paper exchange fills its orders against.
     */
    const tradesAfter = (symbol: string, after: Date, limit: number) =>
      sql<{ time: number; price: string; quantity: string }>`
        SELECT (extract(epoch FROM time) * 1000)::float8 AS time,
          ${sql.literal(`${dec("price")}::text AS price, ${dec("quantity")}::text AS quantity`)}
        FROM ${trades} WHERE symbol = ${symbol} AND time > ${after}
        ORDER BY time, id LIMIT ${limit}`.pipe(
        Effect.orDie,
        Effect.withSpan("MarketDataRepo.tradesAfter")
      )

    /** The newer of each symbol's last trade and last candle close (symbols without data: none). */
    const latestPrices = (symbols: ReadonlyArray<string>) =>
      sql`SELECT s.symbol, ${sql.literal(`${dec("p.price")} AS price`)},
            ${sql.literal(isoTimestamp("p.time", "time"))}, p.source
          FROM unnest(${symbols}::text[]) AS s(symbol)
          CROSS JOIN LATERAL (
            SELECT * FROM (
              (SELECT price, time, 'trade' AS source, 0 AS rank FROM ${trades}
               WHERE symbol = s.symbol ORDER BY time DESC LIMIT 1)
              UNION ALL
              (SELECT close, ${sql.literal(CLOSE_TIME)}, 'candle', 1 FROM ${ohlc}
               WHERE symbol = s.symbol
                 AND bucket_start = (SELECT max(bucket_start) FROM ${ohlc} WHERE symbol = s.symbol)
               ORDER BY ${sql.literal(CANDLE_END)} LIMIT 1)
            ) AS latest ORDER BY time DESC, rank LIMIT 1
          ) AS p`.pipe(
        Effect.flatMap(decodePrices),
        Effect.orDie,
        Effect.withSpan("MarketDataRepo.latestPrices")
      )

    /** Each symbol's last close before the start of the current UTC day. */
    const previousDailyCloses = (symbols: ReadonlyArray<string>) =>
      sql<{ symbol: string; close: string }>`
        SELECT s.symbol, c.close FROM unnest(${symbols}::text[]) AS s(symbol)
        CROSS JOIN LATERAL (
          SELECT ${sql.literal(dec("close"))} AS close FROM ${ohlc}
          WHERE symbol = s.symbol AND interval <> '1w' AND bucket_start < date_trunc('day', now(), 'UTC')
          ORDER BY bucket_start DESC LIMIT 1
        ) AS c`.pipe(Effect.orDie, Effect.withSpan("MarketDataRepo.previousDailyCloses"))

    /**
     * Closes of the given intervals over [from, to), packed per symbol and interval in the order
     * of the primary key (symbol, interval, bucket_start), which the index gives without a sort.
     */
    const closeSeries = (
      symbols: ReadonlyArray<string>,
      intervals: ReadonlyArray<CandleInterval>,
      from: Date,
      to: Date
    ) =>
      sql<PackedSeries>`
        SELECT symbol, interval,
          string_agg(date_part('epoch', bucket_start)::text, ',' ORDER BY bucket_start) AS starts,
          string_agg(${sql.literal(dec("close"))}::text, ',' ORDER BY bucket_start) AS closes
        FROM ${ohlc}
        WHERE symbol = ANY(${symbols}::text[]) AND interval = ANY(${intervals}::text[])
          AND bucket_start >= ${from} AND bucket_start < ${to}
        GROUP BY symbol, interval`.pipe(Effect.orDie, Effect.withSpan("MarketDataRepo.closeSeries"))

    /**
     * Every instrument with the age of its newest candle (from its end) and of its newest trade,
     * in seconds (negative for a candle still open), for the operations dashboard. One index
     * lookup of each per instrument.
     */
    const freshness = sql<{
      symbol: string
      active: boolean
      lastCandleAgeSeconds: number | null
      lastTradeAgeSeconds: number | null
    }>`
      SELECT i.symbol, i.active,
        extract(epoch FROM now() - (
          SELECT ${sql.literal(CANDLE_END)} FROM ${ohlc} WHERE symbol = i.symbol
          ORDER BY bucket_start DESC LIMIT 1))::float8 AS "lastCandleAgeSeconds",
        extract(epoch FROM now() - (
          SELECT max(time) FROM ${trades} WHERE symbol = i.symbol))::float8 AS "lastTradeAgeSeconds"
      FROM ${instruments} i ORDER BY i.symbol`.pipe(Effect.withSpan("MarketDataRepo.freshness"))

    return {
      freshness,
      search,
      instrument,
      instrumentsOf,
      fxPairs,
      storedIntervals,
      candles,
      recentTrades,
      tradesAfter,
      latestPrices,
      previousDailyCloses,
      closeSeries
    } as const
  })
}) {}
