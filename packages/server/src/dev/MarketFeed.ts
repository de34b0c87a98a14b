import { Duration, Effect, Redacted, Schedule } from "effect"
import pg from "pg"
import {
  type CandleRow,
  DAY,
  generateCandles,
  HOUR,
  hashSeed,
  isOpen,
  MINUTE,
  type Random,
  SAMPLE_INSTRUMENTS,
  type SampleInstrument,
  seededRandom,
  stepSigma,
  type TradeRow,
  tradesOf
} from "./SampleMarket.js"

/**
 * Plays the market-data pipeline for the embedded default, writing as the pipeline's role:
 * loads sample history into empty tables, fills the gap since the last run, then keeps new
 * trades and candles arriving so prices move while the app runs.
 */
export interface SampleHistory {
  /** Hourly candles reach this far back. */
  readonly hourlyDays: number
  /** Minute candles reach this far back (the hourly ones there are aggregated from them). */
  readonly minuteDays: number
  /** Public trades are made for the minutes this far back. */
  readonly tradeMinutes: number
  readonly seed: number
}

export const DEFAULT_HISTORY: SampleHistory = {
  hourlyDays: 730,
  minuteDays: 7,
  tradeMinutes: 120,
  seed: 20261123
}

const BATCH = 5000

const insertCandles = async (client: pg.ClientBase, rows: ReadonlyArray<CandleRow>) => {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH)
    await client.query(
      `INSERT INTO ohlc (symbol, interval, bucket_start, open, high, low, close, volume)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::numeric[], $5::numeric[],
         $6::numeric[], $7::numeric[], $8::numeric[])
       ON CONFLICT (symbol, interval, bucket_start) DO NOTHING`,
      [
        batch.map((r) => r.symbol),
        batch.map((r) => r.interval),
        batch.map((r) => new Date(r.time).toISOString()),
        batch.map((r) => r.open),
        batch.map((r) => r.high),
        batch.map((r) => r.low),
        batch.map((r) => r.close),
        batch.map((r) => r.volume)
      ]
    )
  }
}

const insertTrades = async (client: pg.ClientBase, rows: ReadonlyArray<TradeRow>) => {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH)
    await client.query(
      `INSERT INTO public_trades (symbol, time, price, quantity, side)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::numeric[], $4::numeric[], $5::text[])`,
      [
        batch.map((r) => r.symbol),
        batch.map((r) => new Date(r.time).toISOString()),
        batch.map((r) => r.price),
        batch.map((r) => r.quantity),
        batch.map((r) => r.side)
      ]
    )
  }
}

/** Rebuilds coarser candles from finer ones from `since` on, as the pipeline's roll-up does. */
const rollUp = async (client: pg.ClientBase, since: number) => {
  for (const [target, source, width] of [
    ["1h", "1m", "1 hour"],
    ["1d", "1h", "1 day"]
  ] as const) {
    await client.query(
      `INSERT INTO ohlc (symbol, interval, bucket_start, open, high, low, close, volume)
       SELECT symbol, $1, date_bin($3::interval, bucket_start, timestamptz '2000-01-03 00:00:00+00') AS b,
         (array_agg(open ORDER BY bucket_start))[1], max(high), min(low),
         (array_agg(close ORDER BY bucket_start DESC))[1], sum(volume)
       FROM ohlc WHERE interval = $2
         AND bucket_start >= date_bin($3::interval, $4::timestamptz, timestamptz '2000-01-03 00:00:00+00')
       GROUP BY symbol, b
       ON CONFLICT (symbol, interval, bucket_start) DO UPDATE SET open = excluded.open,
         high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`,
      [target, source, width, new Date(since).toISOString()]
    )
  }
}

/** Candles and trades of one instrument over [from, now), hourly then by the minute. */
const history = (
  instrument: SampleInstrument,
  window: SampleHistory,
  now: number,
  from: number,
  price: { readonly endPrice: number } | { readonly startPrice: number },
  random: Random
) => {
  const minutesFrom = Math.max(from, now - window.minuteDays * DAY)
  const hourlyTo = Math.floor(minutesFrom / HOUR) * HOUR
  if ("endPrice" in price) {
    const minutes = generateCandles(instrument, {
      interval: "1m",
      from: hourlyTo,
      to: now,
      endPrice: price.endPrice,
      random
    })
    const firstOpen = Number(minutes[0]?.open ?? price.endPrice)
    const hours = generateCandles(instrument, {
      interval: "1h",
      from,
      to: hourlyTo,
      endPrice: firstOpen,
      random
    })
    return { hours, minutes }
  }
  const hours = generateCandles(instrument, {
    interval: "1h",
    from,
    to: hourlyTo,
    startPrice: price.startPrice,
    random
  })
  const lastClose = Number(hours[hours.length - 1]?.close ?? price.startPrice)
  const minutes = generateCandles(instrument, {
    interval: "1m",
    from: Math.max(from, hourlyTo),
    to: now,
    startPrice: lastClose,
    random
  })
  return { hours, minutes }
}

const write = async (
  client: pg.ClientBase,
  window: SampleHistory,
  now: number,
  from: number,
  startPrices: ReadonlyMap<string, number> | undefined
) => {
  const random = seededRandom(window.seed ^ hashSeed(String(from)))
  for (const instrument of SAMPLE_INSTRUMENTS) {
    const known = startPrices?.get(instrument.symbol)
    const price = known === undefined ? { endPrice: instrument.price } : { startPrice: known }
    const { hours, minutes } = history(instrument, window, now, from, price, random)
    const tradesFrom = now - window.tradeMinutes * MINUTE
    const trades = minutes
      .filter((c) => c.time >= tradesFrom)
      .flatMap((c) => tradesOf(instrument, c, random))
    await insertCandles(client, hours)
    await insertCandles(client, minutes)
    await insertTrades(client, trades)
  }
  await rollUp(client, from)
}

const withPipeline = <A>(
  url: Redacted.Redacted<string>,
  schema: string,
  use: (c: pg.ClientBase) => Promise<A>
) =>
  Effect.tryPromise(async () => {
    const client = new pg.Client({
      connectionString: Redacted.value(url),
      options: `-c search_path=${pg.escapeIdentifier(schema)}`
    })
    await client.connect()
    try {
      return await use(client)
    } finally {
      await client.end()
    }
  })

/**
 * Loads the sample history into empty tables, or fills the time since the last candle, up to
 * the current minute. Deterministic for a given `now` and seed.
 */
export const loadSampleMarket = (
  pipelineUrl: Redacted.Redacted<string>,
  schema: string,
  now: number = Date.now(),
  window: SampleHistory = DEFAULT_HISTORY
) =>
  withPipeline(pipelineUrl, schema, async (client) => {
    const minute = Math.floor(now / MINUTE) * MINUTE
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM instruments")
    if (rows[0]!.n === 0) {
      await client.query(
        `INSERT INTO instruments (symbol, name, asset_class, base_currency, quote_currency)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
        [
          SAMPLE_INSTRUMENTS.map((i) => i.symbol),
          SAMPLE_INSTRUMENTS.map((i) => i.name),
          SAMPLE_INSTRUMENTS.map((i) => i.assetClass),
          SAMPLE_INSTRUMENTS.map((i) => i.baseCurrency),
          SAMPLE_INSTRUMENTS.map((i) => i.quoteCurrency)
        ]
      )
      await write(client, window, minute, minute - window.hourlyDays * DAY, undefined)
      return "loaded" as const
    }
    const latest = await client.query<{ symbol: string; close: string; last: Date }>(
      `SELECT DISTINCT ON (symbol) symbol, close::text, bucket_start AS last
       FROM ohlc WHERE interval IN ('1m', '1h') ORDER BY symbol, bucket_start DESC`
    )
    const last = Math.max(0, ...latest.rows.map((r) => r.last.getTime()))
    if (last === 0 || last + MINUTE >= minute) return "current" as const
    const prices = new Map(latest.rows.map((r) => [r.symbol, Number(r.close)]))
    await write(client, window, minute, last + MINUTE, prices)
    return "caught up" as const
  }).pipe(Effect.withSpan("dev.loadSampleMarket"))

const TICK = Duration.seconds(3)

/**
 * One tick of the live feed: a trade per open market at a price one random step away, folded
 * into the current minute, hour and day candles.
 */
const tick = async (client: pg.Pool, prices: Map<string, number>, random: Random) => {
  const now = Date.now()
  const open = SAMPLE_INSTRUMENTS.filter((i) => isOpen(i.session, now) && prices.has(i.symbol)).map(
    (i) => {
      const sigma = stepSigma(i, Duration.toMillis(TICK))
      const price = prices.get(i.symbol)! * Math.exp(sigma * random.normal())
      prices.set(i.symbol, price)
      return {
        symbol: i.symbol,
        price: price.toFixed(i.decimals),
        quantity: (i.lot * Math.exp(0.6 * random.normal())).toFixed(4),
        side: random.uniform() < 0.5 ? "buy" : "sell"
      }
    }
  )
  if (open.length === 0) return
  await client.query(
    `WITH t AS (
       SELECT * FROM unnest($1::text[], $2::numeric[], $3::numeric[], $4::text[]) AS t(symbol, price, quantity, side)
     ), trades AS (
       INSERT INTO public_trades (symbol, time, price, quantity, side)
       SELECT symbol, $5::timestamptz, price, quantity, side FROM t
     )
     INSERT INTO ohlc (symbol, interval, bucket_start, open, high, low, close, volume)
     SELECT t.symbol, i.name, date_bin(i.width, $5::timestamptz, timestamptz '2000-01-03 00:00:00+00'),
       t.price, t.price, t.price, t.price, t.quantity
     FROM t CROSS JOIN (VALUES ('1m', interval '1 minute'), ('1h', interval '1 hour'), ('1d', interval '1 day')) AS i(name, width)
     ON CONFLICT (symbol, interval, bucket_start) DO UPDATE SET
       high = greatest(ohlc.high, excluded.high), low = least(ohlc.low, excluded.low),
       close = excluded.close, volume = ohlc.volume + excluded.volume`,
    [
      open.map((t) => t.symbol),
      open.map((t) => t.price),
      open.map((t) => t.quantity),
      open.map((t) => t.side),
      new Date(now).toISOString()
    ]
  )
}

/** Keeps the sample market moving until the scope closes. */
export const runLiveMarket = (pipelineUrl: Redacted.Redacted<string>, schema: string) =>
  Effect.gen(function* () {
    const pool = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const pool = new pg.Pool({
          connectionString: Redacted.value(pipelineUrl),
          max: 1,
          options: `-c search_path=${pg.escapeIdentifier(schema)}`
        })
        // An idle connection the server drops surfaces on the next tick, which logs it.
        pool.on("error", () => {})
        return pool
      }),
      (pool) => Effect.promise(() => pool.end())
    )
    const latest = yield* Effect.tryPromise(() =>
      pool.query<{ symbol: string; close: string }>(
        `SELECT DISTINCT ON (symbol) symbol, close::text FROM ohlc ORDER BY symbol, bucket_start DESC`
      )
    )
    const prices = new Map(latest.rows.map((r) => [r.symbol, Number(r.close)]))
    const random = seededRandom(Date.now())
    yield* Effect.tryPromise(() => tick(pool, prices, random)).pipe(
      Effect.catchAll((error) => Effect.logWarning("The sample market feed missed a tick", error)),
      Effect.repeat(Schedule.spaced(TICK)),
      Effect.forkScoped
    )
  })
