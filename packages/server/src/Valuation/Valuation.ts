import {
  type CostBasisMethod,
  type Holdings,
  type InstrumentSymbol,
  MAX_PERFORMANCE_POINTS,
  NotFound,
  type Performance,
  type PerformanceParams,
  type PortfolioId,
  type Timestamp,
  timestampOf,
  type UserId,
  ValidationError
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { type Fixed, mul, ONE, parse } from "./Fixed.js"
import {
  cashHoldingOf,
  holdingOf,
  type Quote,
  ROUNDING,
  ratesOf,
  totalsOf,
  type ValuationRules,
  valueCash,
  valueSymbol
} from "./Holdings.js"
import { unpackLedger } from "./Ledger.js"
import { LedgerCache } from "./LedgerCache.js"
import { LedgerRepo } from "./LedgerRepo.js"
import {
  benchmarkOf,
  defaultInterval,
  sampleTimes,
  summarise,
  valuationTimes
} from "./PerformanceSeries.js"
import { fxPlan, loadFx, pairsOf, unpackSeries } from "./Prices.js"
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

/** The benchmark's figures, or why there are none (nothing when the portfolio has none). */
const benchmarkAgainst = (
  symbol: string | undefined,
  times: ReadonlyArray<number>,
  shown: ReadonlyArray<number>,
  summary: ReturnType<typeof summarise>,
  priceOf: (symbol: string) => (time: number) => Fixed | undefined,
  lastIndex: Fixed
) => {
  if (symbol === undefined) return { figures: null, unavailable: [] }
  const twr = summary.timeWeightedReturnPercent === null ? undefined : lastIndex - ONE
  const figures = benchmarkOf(symbol, times, shown, priceOf(symbol), twr)
  return figures === undefined
    ? {
        figures: null,
        unavailable: [{ figure: "benchmark", reason: `No prices of ${symbol} in this range` }]
      }
    : { figures, unavailable: [] }
}

/**
 * Holdings and performance of a portfolio, computed from its whole ledger on every request
 * (nothing stored, so a changed method or transaction shows at once) by the pure core.
 */
export class Valuation extends Effect.Service<Valuation>()("Valuation", {
  effect: Effect.gen(function* () {
    const ledgers = yield* LedgerRepo
    const cache = yield* LedgerCache
    const market = yield* MarketDataRepo

    /** The portfolio, its ledger, and the instruments and FX plan it needs. */
    const context = (userId: UserId, portfolioId: PortfolioId) =>
      Effect.gen(function* () {
        const portfolio = yield* Effect.flatMap(
          ledgers.head(userId, portfolioId),
          Option.match({ onNone: () => Effect.fail(portfolioNotFound), onSome: Effect.succeed })
        )
        const [ledger, pairs] = yield* Effect.all(
          [
            cache.get(
              portfolioId,
              portfolio.ledgerVersion,
              Effect.flatMap(ledgers.packed(userId, portfolioId), unpackLedger)
            ),
            market.fxPairs
          ],
          { concurrency: "unbounded" }
        )
        const symbols = ledger.map((l) => l.symbol)
        const benchmark = portfolio.benchmark ?? undefined
        const instruments = yield* market.instrumentsOf([
          ...new Set([...symbols.filter((s) => s !== ""), ...(benchmark ? [benchmark] : [])])
        ])
        const bySymbol = new Map(instruments.map((i) => [i.symbol as string, i]))
        const currencies = new Set<string>(instruments.map((i) => i.quoteCurrency))
        for (const l of ledger)
          for (const e of l.entries) if (e.currency !== "") currencies.add(e.currency)
        const plan = fxPlan(portfolio.baseCurrency, currencies, pairs)
        let first = Number.POSITIVE_INFINITY
        for (const l of ledger) first = Math.min(first, l.entries[0]?.time ?? first)
        // Cash entries have no symbol: a portfolio that records deposits or withdrawals pays for
        // its trades from its cash.
        const tradesMoveCash = ledger.some(
          (l) =>
            l.symbol === "" &&
            l.entries.some((e) => e.type === "deposit" || e.type === "withdrawal")
        )
        return { portfolio, ledger, symbols, bySymbol, plan, first, tradesMoveCash, benchmark }
      })

    const latestQuotes = (symbols: ReadonlyArray<string>) =>
      Effect.map(
        market.latestPrices(symbols),
        (rows) =>
          new Map<string, Quote>(
            rows.map((r) => [r.symbol, { price: parse(r.price), text: r.price, time: r.time }])
          )
      )

    const holdings = (userId: UserId, portfolioId: PortfolioId) =>
      Effect.gen(function* () {
        const now = Date.now()
        const c = yield* context(userId, portfolioId)
        const securities = c.symbols.filter((s) => s !== "")
        const [latest, previous] = yield* Effect.all(
          [
            latestQuotes([...securities, ...pairsOf(c.plan)]),
            market.previousDailyCloses(securities)
          ],
          { concurrency: "unbounded" }
        )
        const fx = yield* loadFx(
          market,
          c.plan,
          latest,
          new Date(c.first - LOOKBACK),
          new Date(now),
          ["1h", "1d"]
        )
        const previousCloses = new Map(previous.map((p) => [p.symbol, parse(p.close)]))
        const method: CostBasisMethod = c.portfolio.costBasisMethod
        const rules: ValuationRules = {
          base: c.portfolio.baseCurrency,
          method,
          fx,
          tradesMoveCash: c.tradesMoveCash,
          dayStart: Math.floor(now / DAY) * DAY
        }
        const valued = yield* mapInSlices(
          c.ledger,
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
        const cash = valueCash(valued, rules)
        const totals = totalsOf(valued, cash)
        return {
          portfolioId,
          baseCurrency: c.portfolio.baseCurrency,
          costBasisMethod: method,
          asOf: timestampOf(new Date(now)),
          rounding: ROUNDING,
          items: valued.filter((v) => v.symbol !== "").map((v) => holdingOf(v, totals.totalValue)),
          cash: cash.map((v) => cashHoldingOf(v, totals.totalValue)),
          totals: totals.presented
        } satisfies Holdings
      }).pipe(Effect.withSpan("Valuation.holdings"))

    const performance = (userId: UserId, portfolioId: PortfolioId, params: PerformanceParams) =>
      Effect.gen(function* () {
        const now = Date.now()
        const c = yield* context(userId, portfolioId)
        const to = params.to === undefined ? now : Date.parse(params.to)
        const from =
          params.from !== undefined
            ? Date.parse(params.from)
            : Number.isFinite(c.first)
              ? Math.floor(c.first / DAY) * DAY
              : Date.parse(c.portfolio.createdAt)
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
        const securities = [
          ...new Set([...c.symbols.filter((s) => s !== ""), ...(c.benchmark ? [c.benchmark] : [])])
        ]
        const [latest, daily] = yield* Effect.all(
          [
            live
              ? latestQuotes([...securities, ...pairsOf(c.plan)])
              : Effect.succeed(new Map<string, Quote>()),
            market.closeSeries(securities, ["1d"], new Date(from - LOOKBACK), new Date(to))
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
        // A ledger with an entry that cannot be converted at all is left out and reported.
        const base = c.portfolio.baseCurrency
        const rateAt = (currency: string, time: number) =>
          currency === base ? ONE : (fx.rateAt(currency, time) ?? fx.rateNow(currency))
        const substituted = new Set<number>()
        const flows = c.ledger.map((l, symbol): SymbolFlows => {
          const { rates } = ratesOf(l.entries, base, rateAt)
          if (rates === undefined) return { entries: l.entries }
          if (rates.includes(undefined)) {
            substituted.add(symbol)
            return { entries: [] }
          }
          return { entries: l.entries, rates: rates as Array<Fixed> }
        })
        const cursors = c.symbols.map((symbol) => {
          const h = history.get(symbol)
          return h === undefined ? () => undefined : cursorOf(h.ends, h.closes)
        })
        /** A security's close (or latest price at a live end) in the base currency. */
        const inBase = (
          symbol: string,
          time: number,
          close: (time: number) => Fixed | undefined
        ) => {
          const quote = c.bySymbol.get(symbol)?.quoteCurrency
          if (quote === undefined) return undefined
          const atEnd = live && time === to
          const price = atEnd ? latest.get(symbol)?.price : close(time)
          const rate = atEnd ? fx.rateNow(quote) : fx.rateAt(quote, time)
          if (price === undefined || rate === undefined) return undefined
          return rate === ONE ? price : mul(price, rate)
        }
        const builder = seriesBuilder(
          flows,
          times,
          (symbol, time) => inBase(c.symbols[symbol]!, time, cursors[symbol]!),
          (currency, time) =>
            currency === base
              ? ONE
              : live && time === to
                ? fx.rateNow(currency)
                : fx.rateAt(currency, time),
          c.tradesMoveCash
        )
        while (!builder.advance(TIMES_PER_SLICE)) yield* yieldToEventLoop
        const series = builder.result()
        for (const s of series.missing) substituted.add(s)
        substituted.delete(c.symbols.indexOf(""))
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
            return (time: number) => inBase(symbol, time, close)
          },
          series.index[series.index.length - 1]!
        )
        return {
          portfolioId,
          baseCurrency: c.portfolio.baseCurrency,
          from: timestampOf(new Date(from)) as Timestamp,
          to: timestampOf(new Date(to)) as Timestamp,
          interval,
          rounding: ROUNDING,
          ...summary,
          benchmark: benchmark.figures,
          unavailable: [...summary.unavailable, ...benchmark.unavailable],
          missingPrices: [...substituted].map((i) => c.symbols[i] as InstrumentSymbol)
        } satisfies Performance
      }).pipe(Effect.withSpan("Valuation.performance"))

    return { holdings, performance } as const
  }),
  dependencies: [LedgerRepo.Default, LedgerCache.Default, MarketDataRepo.Default]
}) {}
