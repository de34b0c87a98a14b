import type { InstrumentSymbol, Timestamp } from "@trading-app/domain"
import { timestampOf } from "@trading-app/domain"
import { Effect } from "effect"
import type { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import type { Context } from "./Context.js"
import { div, mul, ONE, parse } from "./Fixed.js"
import { percentage, type Quote } from "./Holdings.js"
import { type Fx, unpackSeries } from "./Prices.js"
import { closeAt } from "./Series.js"

// Price history is read from a little before the first entry, so it has a close then.
const LOOKBACK = 10 * 86_400_000

/** A security's price return since a time against the benchmark's, in the base currency. */
export const compareWithBenchmark = (
  market: MarketDataRepo,
  c: Context,
  fx: Fx,
  latest: ReadonlyMap<string, Quote>,
  symbol: string,
  since: number
) =>
  Effect.gen(function* () {
    const benchmark = c.benchmark
    if (benchmark === undefined) return null
    const symbols = [...new Set([symbol, benchmark])]
    const [history, now] = yield* Effect.all(
      [
        Effect.map(
          market.closeSeries(symbols, ["1d"], new Date(since - LOOKBACK), new Date()),
          unpackSeries
        ),
        latest.has(benchmark)
          ? Effect.succeed(latest)
          : Effect.map(market.latestPrices([benchmark]), (rows) => {
              const all = new Map(latest)
              for (const r of rows)
                all.set(r.symbol, { price: parse(r.price), text: r.price, time: r.time })
              return all
            })
      ],
      { concurrency: "unbounded" }
    )
    const returnOf = (s: string) => {
      const quote = c.bySymbol.get(s)?.quoteCurrency
      const h = history.get(s)
      // The close at the first entry, or the first one after it.
      const then = h === undefined ? undefined : (closeAt(h.ends, h.closes, since) ?? h.closes[0])
      const last = now.get(s)?.price
      if (quote === undefined || then === undefined || last === undefined) return null
      const [rateThen, rateNow] =
        quote === c.base ? [ONE, ONE] : [fx.rateAt(quote, since), fx.rateNow(quote)]
      if (rateThen === undefined || rateNow === undefined) return null
      const relative = div(mul(last, rateNow), mul(then, rateThen))
      return relative === undefined ? null : percentage((relative - ONE) * 100n)
    }
    return {
      since: timestampOf(new Date(since)) as Timestamp,
      priceReturnPercent: returnOf(symbol),
      benchmark: benchmark as InstrumentSymbol,
      benchmarkReturnPercent: returnOf(benchmark)
    }
  })
