import pg from "pg"
import { afterAll, beforeAll } from "vitest"
import * as testDb from "./databases.js"

export interface CandleInput {
  readonly symbol: string
  readonly interval: string
  readonly time: string
  readonly close: string
  readonly open?: string
}

/**
 * Publishes market data the way the pipeline does, over its own role, for tests that need
 * prices they know. Each test file uses symbols of its own (see `uniqueSymbol`).
 */
export const usePipeline = () => {
  let client: pg.Client
  beforeAll(async () => {
    client = new pg.Client({
      connectionString: testDb.pipelineUrl,
      options: "-c search_path=market_data"
    })
    await client.connect()
  })
  afterAll(() => client.end())
  return {
    query: (text: string, params: ReadonlyArray<unknown> = []) => client.query(text, [...params]),
    instrument: (symbol: string, quoteCurrency = "USD", baseCurrency: string | null = null) =>
      client.query(
        `INSERT INTO instruments (symbol, name, asset_class, base_currency, quote_currency)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          symbol,
          `Test ${symbol}`,
          baseCurrency === null ? "equity" : "fx",
          baseCurrency,
          quoteCurrency
        ]
      ),
    candles: (rows: ReadonlyArray<CandleInput>) =>
      client.query(
        `INSERT INTO ohlc (symbol, interval, bucket_start, open, high, low, close, volume)
         SELECT s, i, t, coalesce(o, c), greatest(coalesce(o, c), c), least(coalesce(o, c), c), c, 1
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::numeric[], $5::numeric[])
           AS r(s, i, t, o, c)`,
        [
          rows.map((r) => r.symbol),
          rows.map((r) => r.interval),
          rows.map((r) => r.time),
          rows.map((r) => r.open ?? null),
          rows.map((r) => r.close)
        ]
      ),
    trade: (symbol: string, time: string, price: string, quantity = "1") =>
      client.query(
        "INSERT INTO public_trades (symbol, time, price, quantity, side) VALUES ($1, $2, $3, $4, 'buy')",
        [symbol, time, price, quantity]
      )
  }
}

/** A symbol no other test uses, e.g. "T4K2Q". */
export const uniqueSymbol = (prefix = "T") =>
  `${prefix}${Math.random().toString(36).slice(2, 7).toUpperCase()}`
