import {
  type Holdings,
  type InstrumentSymbol,
  MAX_PERFORMANCE_POINTS,
  NotFound,
  type Performance,
  type PerformanceParams,
  type PortfolioScope,
  type PositionDetail,
  type Timestamp,
  timestampOf,
  type UserId,
  ValidationError,
  type ValuationParams
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { cashHoldingOf, valueCash } from "./Cash.js"
import { combineBySymbol } from "./Combine.js"
import { compareWithBenchmark } from "./Comparison.js"
import { loadContext } from "./Context.js"
import { type Fixed, mul, ONE, parse, ZERO } from "./Fixed.js"
import {
  holdingOf,
  type Quote,
  ROUNDING,
  ratesOf,
  totalsOf,
  type ValuationRules,
  type Valued,
  valueSymbol
} from "./Holdings.js"
import { LedgerCache } from "./LedgerCache.js"
import { LedgerRepo } from "./LedgerRepo.js"
import {
  benchmarkAgainst,
  defaultInterval,
  sampleTimes,
  summarise,
  valuationTimes
} from "./PerformanceSeries.js"
import { positionDetail } from "./PositionDetail.js"
import { loadFx, pairsOf, unpackSeries } from "./Prices.js"
import { memoisedReplay } from "./ReplayMemo.js"
import { closeAt, cursorOf, type SymbolFlows, seriesBuilder } from "./Series.js"
import { mapInSlices, yieldToEventLoop } from "./Yield.js"

const DAY = 86_400_000
// Price history is read from a little before a range, so its first day has a last close.
const LOOKBACK = 10 * DAY
// A range that ends this close to now is valued at the latest prices at its end.
const LIVE_MS = 60_000
// Days valued between two yields to the event loop (about a millisecond at 50 symbols).
const TIMES_PER_SLICE = 50

const portfolioNotFound = new NotFound({ message: "Portfolio not found" })

/**
 * Holdings and performance of a portfolio, computed from its whole ledger on every request
 * (nothing stored, so a changed method or transaction shows at once) by the pure core; a
 * symbol's replay is reused while its ledger, method and rates are unchanged.
 */
export class Valuation extends Effect.Service<Valuation>()("Valuation", {
  effect: Effect.gen(function* () {
    const ledgers = yield* LedgerRepo
    const cache = yield* LedgerCache
    const market = yield* MarketDataRepo
    const replay = memoisedReplay()

    const context = (userId: UserId, scope: PortfolioScope, params: ValuationParams) =>
      Effect.flatMap(
        loadContext(ledgers, cache, market, userId, scope, params.currency),
        Option.match({ onNone: () => Effect.fail(portfolioNotFound), onSome: Effect.succeed })
      )

    const latestQuotes = (symbols: ReadonlyArray<string>) =>
      Effect.map(
        market.latestPrices(symbols),
        (rows) =>
          new Map<string, Quote>(
            rows.map((r) => [r.symbol, { price: parse(r.price), text: r.price, time: r.time }])
          )
      )

    /** Every ledger of the scope valued at the latest prices, with what it took. */
    const valueScope = (userId: UserId, scope: PortfolioScope, params: ValuationParams) =>
      Effect.gen(function* () {
        const now = Date.now()
        const dayStart = Math.floor(now / DAY) * DAY
        const c = yield* context(userId, scope, params)
        const [latest, previous] = yield* Effect.all(
          [
            latestQuotes([...c.securities, ...pairsOf(c.plan)]),
            market.previousDailyCloses(c.securities)
          ],
          { concurrency: "unbounded" }
        )
        const fx = yield* loadFx(
          market,
          c.plan,
          latest,
          new Date(Math.min(c.first, now) - LOOKBACK),
          new Date(now),
          ["1h", "1d"]
        )
        const previousCloses = new Map(previous.map((p) => [p.symbol, parse(p.close)]))
        const valued: Array<Valued> = []
        for (const book of c.books) {
          const rules: ValuationRules = {
            base: c.base,
            method: book.method,
            fx,
            tradesMoveCash: book.tradesMoveCash,
            dayStart,
            replay
          }
          const values = yield* mapInSlices(
            book.ledger,
            (ledger) => ledger.entries.length,
            (ledger) =>
              valueSymbol(
                ledger,
                {
                  instrument: c.bySymbol.get(ledger.symbol),
                  latest: latest.get(ledger.symbol),
                  previousClose: previousCloses.get(ledger.symbol)
                },
                rules
              )
          )
          valued.push(...values)
        }
        const cash = valueCash(valued, { base: c.base, fx, dayStart })
        return { now, c, fx, latest, valued, cash, totals: totalsOf(valued, cash) }
      })

    const holdings = (userId: UserId, scope: PortfolioScope, params: ValuationParams) =>
      Effect.map(
        valueScope(userId, scope, params),
        ({ now, c, valued, cash, totals }) =>
          ({
            portfolioId: scope,
            baseCurrency: c.base,
            costBasisMethod: c.method,
            asOf: timestampOf(new Date(now)),
            rounding: ROUNDING,
            items: combineBySymbol(valued).map((v) => holdingOf(v, totals.totalValue)),
            cash: cash.map((v) => cashHoldingOf(v, totals.totalValue)),
            totals: totals.presented
          }) satisfies Holdings
      ).pipe(Effect.withSpan("Valuation.holdings"))

    const position = (
      userId: UserId,
      scope: PortfolioScope,
      symbol: InstrumentSymbol,
      params: ValuationParams
    ) =>
      Effect.gen(function* () {
        const { c, fx, latest, valued, totals } = yield* valueScope(userId, scope, params)
        const row = combineBySymbol(valued.filter((v) => v.symbol === symbol))[0]
        if (row === undefined)
          return yield* new NotFound({ message: `No entries of ${symbol} in this portfolio` })
        const ledgers = c.books.flatMap((book, i) =>
          book.ledger
            .filter((l) => l.symbol === symbol)
            .map((l) => ({
              portfolioId: c.portfolioIds[i]!,
              entries: l.entries,
              rates: ratesOf(l.entries, c.base, fx.rateAt).rates?.map((r) => r ?? ZERO),
              method: book.method,
              tradesMoveCash: book.tradesMoveCash
            }))
        )
        const since = Math.min(...ledgers.map((l) => l.entries[0]!.time))
        const comparison = yield* compareWithBenchmark(market, c, fx, latest, symbol, since)
        return {
          portfolioId: scope,
          baseCurrency: c.base,
          rounding: ROUNDING,
          holding: holdingOf(row, totals.totalValue),
          ...positionDetail(ledgers),
          comparison
        } satisfies PositionDetail
      }).pipe(Effect.withSpan("Valuation.position"))

    const performance = (userId: UserId, scope: PortfolioScope, params: PerformanceParams) =>
      Effect.gen(function* () {
        const now = Date.now()
        const c = yield* context(userId, scope, params)
        const to = params.to === undefined ? now : Date.parse(params.to)
        const from =
          params.from !== undefined
            ? Date.parse(params.from)
            : Number.isFinite(c.first)
              ? Math.floor(c.first / DAY) * DAY
              : c.createdAt
        if (from >= to) return yield* ValidationError.field(["from"], "from must be before to")
        const interval = params.interval ?? defaultInterval(to - from)
        const times = valuationTimes(from, to)
        const shown = sampleTimes(times, interval)
        if (shown.length > MAX_PERFORMANCE_POINTS) {
          return yield* ValidationError.field(
            ["interval"],
            `This range has ${shown.length} points at interval ${interval}; at most ${MAX_PERFORMANCE_POINTS}: choose a longer interval or a shorter range`
          )
        }
        const live = to >= now - LIVE_MS
        const priced =
          c.benchmark === undefined ? c.securities : [...new Set([...c.securities, c.benchmark])]
        const [latest, daily] = yield* Effect.all(
          [
            live
              ? latestQuotes([...priced, ...pairsOf(c.plan)])
              : Effect.succeed(new Map<string, Quote>()),
            market.closeSeries(priced, ["1d"], new Date(from - LOOKBACK), new Date(to))
          ],
          { concurrency: "unbounded" }
        )
        const fx = yield* loadFx(
          market,
          c.plan,
          latest,
          new Date(Math.min(c.first, from) - LOOKBACK),
          new Date(to),
          ["1h", "1d"]
        )
        const history = unpackSeries(daily)
        /** A security's close (or latest price at a live end) in the base currency, by time. */
        const priceInBase = (symbol: string, close: (time: number) => Fixed | undefined) => {
          const quote = c.bySymbol.get(symbol)?.quoteCurrency
          if (quote === undefined) return () => undefined
          return (time: number) => {
            const atEnd = live && time === to
            const price = atEnd ? latest.get(symbol)?.price : close(time)
            if (price === undefined || quote === c.base) return price
            const rate = atEnd ? fx.rateNow(quote) : fx.rateAt(quote, time)
            return rate === undefined ? undefined : mul(price, rate)
          }
        }
        const rateAt = (currency: string, time: number) =>
          currency === c.base ? ONE : (fx.rateAt(currency, time) ?? fx.rateNow(currency))
        // Every book's ledgers side by side; one with an entry that cannot be converted at all
        // is left out and reported.
        const symbols: Array<string> = []
        const flows: Array<SymbolFlows> = []
        const substituted = new Set<string>()
        for (const book of c.books) {
          for (const l of book.ledger) {
            symbols.push(l.symbol)
            const { rates } = ratesOf(l.entries, c.base, rateAt)
            if (rates?.includes(undefined)) substituted.add(l.symbol)
            flows.push(
              rates === undefined
                ? { entries: l.entries, tradesMoveCash: book.tradesMoveCash }
                : rates.includes(undefined)
                  ? { entries: [], tradesMoveCash: book.tradesMoveCash }
                  : {
                      entries: l.entries,
                      rates: rates as Array<Fixed>,
                      tradesMoveCash: book.tradesMoveCash
                    }
            )
          }
        }
        const prices = symbols.map((symbol) => {
          const h = history.get(symbol)
          return priceInBase(symbol, h === undefined ? () => undefined : cursorOf(h.ends, h.closes))
        })
        const builder = seriesBuilder(
          flows,
          times,
          (ledger, time) => prices[ledger]!(time),
          (currency, time) =>
            currency === c.base
              ? ONE
              : live && time === to
                ? fx.rateNow(currency)
                : fx.rateAt(currency, time)
        )
        while (!builder.advance(TIMES_PER_SLICE)) yield* yieldToEventLoop
        const series = builder.result()
        for (const i of series.missing) substituted.add(symbols[i]!)
        substituted.delete("")
        const summary = summarise(series, shown)
        const benchmark = benchmarkAgainst(
          c.benchmark,
          times,
          shown,
          summary,
          (symbol) => {
            const h = history.get(symbol)
            const close = (time: number) =>
              h === undefined ? undefined : closeAt(h.ends, h.closes, time)
            return priceInBase(symbol, close)
          },
          series.index[series.index.length - 1]!
        )
        return {
          portfolioId: scope,
          baseCurrency: c.base,
          from: timestampOf(new Date(from)) as Timestamp,
          to: timestampOf(new Date(to)) as Timestamp,
          interval,
          rounding: ROUNDING,
          ...summary,
          benchmark: benchmark.figures,
          unavailable: [...summary.unavailable, ...benchmark.unavailable],
          missingPrices: [...substituted] as Array<InstrumentSymbol>
        } satisfies Performance
      }).pipe(Effect.withSpan("Valuation.performance"))

    return { holdings, performance, position } as const
  }),
  dependencies: [LedgerRepo.Default, LedgerCache.Default, MarketDataRepo.Default]
}) {}
