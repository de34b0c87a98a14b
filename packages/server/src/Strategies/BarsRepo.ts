import { SqlClient } from "@effect/sql"
import { CANDLE_INTERVALS, type CandleInterval, type InstrumentSymbol } from "@trading-app/domain"
import { Effect } from "effect"
import { AppConfig } from "../AppConfig.js"
import { chooseSource } from "../MarketData/MarketData.js"
import { MarketDataRepo, ORIGIN, widthSql } from "../MarketData/MarketDataRepo.js"
import type { Bars } from "./Bars.js"

/** Rows per query: a year of 1-minute candles comes in six. */
const PAGE = 100_000

interface Columns {
  readonly t: ReadonlyArray<number>
  readonly o: ReadonlyArray<number>
  readonly h: ReadonlyArray<number>
  readonly l: ReadonlyArray<number>
  readonly c: ReadonlyArray<number>
  readonly v: ReadonlyArray<number>
}

/** Aggregated buckets are aligned to Monday 2000-01-03 (UTC), as the candles endpoint's are. */
const BUCKET_ORIGIN = Date.UTC(2000, 0, 3)

/** The pages joined into columns, the first `n` bars. */
const concat = (pages: ReadonlyArray<Columns>, n: number): Bars => {
  const column = (key: keyof Columns) => {
    const out = new Float64Array(n)
    let at = 0
    for (const page of pages)
      for (let i = 0; i < page[key].length && at < n; i++) out[at++] = page[key][i] as number
    return out
  }
  return {
    time: column("t"),
    open: column("o"),
    high: column("h"),
    low: column("l"),
    close: column("c"),
    volume: column("v")
  }
}

/**
 * Closed candles for the strategy cores as columns of numbers, read in pages of packed float8
 * arrays (one row per page, not one object per candle). Coarser intervals are aggregated from
 * the finest stored one that reaches back far enough, as the candles endpoint does.
 */
export class BarsRepo extends Effect.Service<BarsRepo>()("BarsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const market = yield* MarketDataRepo
    const { marketDataSchema } = yield* AppConfig
    const ohlc = sql.literal(`"${marketDataSchema}".ohlc`)

    const page = (
      symbol: InstrumentSymbol,
      interval: CandleInterval,
      source: CandleInterval,
      from: Date,
      to: Date
    ) => {
      const width = widthSql(interval)
      const closed = sql.literal(`b + interval '${width}' <= now()`)
      const buckets =
        interval === source
          ? sql`SELECT bucket_start AS b, open AS o, high AS h, low AS l, close AS c, volume AS v
                FROM ${ohlc} WHERE symbol = ${symbol} AND interval = ${source}
                  AND bucket_start >= ${from} AND bucket_start < ${to}`
          : sql`SELECT date_bin(${width}::interval, bucket_start, ${sql.literal(ORIGIN)}) AS b,
                  (array_agg(open ORDER BY bucket_start))[1] AS o, max(high) AS h, min(low) AS l,
                  (array_agg(close ORDER BY bucket_start DESC))[1] AS c, sum(volume) AS v
                FROM ${ohlc}
                WHERE symbol = ${symbol} AND interval = ${source}
                  AND bucket_start >= ${from} AND bucket_start < ${to}
                GROUP BY 1`
      return sql<Columns>`
        SELECT coalesce(array_agg(extract(epoch FROM b)::float8 * 1000 ORDER BY b), '{}') AS t,
          coalesce(array_agg(o::float8 ORDER BY b), '{}') AS o,
          coalesce(array_agg(h::float8 ORDER BY b), '{}') AS h,
          coalesce(array_agg(l::float8 ORDER BY b), '{}') AS l,
          coalesce(array_agg(c::float8 ORDER BY b), '{}') AS c,
          coalesce(array_agg(v::float8 ORDER BY b), '{}') AS v
        FROM (SELECT * FROM (${buckets}) AS q WHERE ${closed} ORDER BY b LIMIT ${PAGE}) AS p`
    }

    /**
     * `interval` candles of a symbol that start in [from, to) and have closed, oldest first;
     * at most `limit`. Aggregated buckets start on the bucket grid at or before `from`.
     */
    const load = (
      symbol: InstrumentSymbol,
      interval: CandleInterval,
      from: Date,
      to: Date,
      limit: number
    ) =>
      Effect.gen(function* () {
        const candidates = (Object.keys(CANDLE_INTERVALS) as Array<CandleInterval>).filter(
          (i) => CANDLE_INTERVALS[interval] % CANDLE_INTERVALS[i] === 0
        )
        const stored = yield* market.storedIntervals(symbol, candidates)
        const source = chooseSource(interval, stored, from)
        const pages: Array<Columns> = []
        let count = 0
        if (source !== undefined) {
          const width = CANDLE_INTERVALS[interval]
          const origin = interval === source ? 0 : BUCKET_ORIGIN
          let start = new Date(origin + Math.floor((from.getTime() - origin) / width) * width)
          while (count < limit) {
            const [columns] = yield* page(symbol, interval, source, start, to)
            const n = columns?.t.length ?? 0
            if (columns === undefined || n === 0) break
            pages.push(columns)
            count += n
            if (n < PAGE) break
            start = new Date((columns.t[n - 1] as number) + width)
          }
        }
        return concat(pages, Math.min(count, limit))
      }).pipe(Effect.orDie, Effect.withSpan("BarsRepo.load", { attributes: { symbol, interval } }))

    return { load } as const
  }),
  dependencies: [MarketDataRepo.Default]
}) {}
