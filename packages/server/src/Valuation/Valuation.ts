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
import { PortfoliosRepo } from "../Portfolios/PortfoliosRepo.js"
import { type Fixed, mul, ONE, parse } from "./Fixed.js"
import { holdingOf, type Quote, ROUNDING, totalsOf, valueSymbol } from "./Holdings.js"
import { type SymbolLedger, unpackLedger } from "./Ledger.js"
import { LedgerRepo } from "./LedgerRepo.js"
import { defaultInterval, sampleTimes, summarise, valuationTimes } from "./PerformanceSeries.js"
import { fxPlan, loadFx, pairsOf, unpackSeries } from "./Prices.js"
import { cursorOf, type SeriesEntry, valueSeries } from "./Series.js"

const DAY = 86_400_000
// Price history is read from a little before a range, so its first day has a last close.
const LOOKBACK = 10 * DAY
// A range that ends this close to now is valued at the latest prices at its end.
const LIVE_MS = 60_000

const portfolioNotFound = new NotFound({ message: "Portfolio not found" })

/**
 * Holdings and performance of a portfolio, computed from its whole ledger on every request
 * (nothing stored, so a changed method or transaction shows at once) by the pure core.
 */
export class Valuation extends Effect.Service<Valuation>()("Valuation", {
  effect: Effect.gen(function* () {
    const portfolios = yield* PortfoliosRepo
    const ledgers = yield* LedgerRepo
    const market = yield* MarketDataRepo

    /** The portfolio, its ledger, and the instruments and FX plan it needs. */
    const context = (userId: UserId, portfolioId: PortfolioId) =>
      Effect.gen(function* () {
        const portfolio = yield* Effect.flatMap(
          portfolios.find(userId, portfolioId),
          Option.match({ onNone: () => Effect.fail(portfolioNotFound), onSome: Effect.succeed })
        )
        const [packed, pairs] = yield* Effect.all(
          [ledgers.packed(userId, portfolioId), market.fxPairs],
          { concurrency: "unbounded" }
        )
        const symbols = packed.map((p) => p.symbol)
        const [ledger, instruments] = yield* Effect.all(
          [unpackLedger(packed), market.instrumentsOf(symbols)],
          { concurrency: "unbounded" }
        )
        const bySymbol = new Map(instruments.map((i) => [i.symbol as string, i]))
        const currencies = new Set<string>(instruments.map((i) => i.quoteCurrency))
        for (const l of ledger) for (const e of l.entries) currencies.add(e.currency)
        const plan = fxPlan(portfolio.baseCurrency, currencies, pairs)
        let first = Number.POSITIVE_INFINITY
        for (const l of ledger) first = Math.min(first, l.entries[0]?.time ?? first)
        return { portfolio, ledger, symbols, bySymbol, plan, first }
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
        const [latest, previous] = yield* Effect.all(
          [latestQuotes([...c.symbols, ...pairsOf(c.plan)]), market.previousDailyCloses(c.symbols)],
          { concurrency: "unbounded" }
        )
        const latestPrices = new Map([...latest].map(([s, q]) => [s, q.price]))
        const fx = yield* loadFx(
          market,
          c.plan,
          latestPrices,
          new Date(c.first - LOOKBACK),
          new Date(now),
          ["1h", "1d"]
        )
        const previousCloses = new Map(previous.map((p) => [p.symbol, parse(p.close)]))
        const method: CostBasisMethod = c.portfolio.costBasisMethod
        const valued = yield* Effect.forEach(c.ledger, (ledger) =>
          Effect.zipRight(
            Effect.yieldNow(),
            Effect.sync(() =>
              valueSymbol(
                ledger,
                {
                  instrument: c.bySymbol.get(ledger.symbol),
                  latest: latest.get(ledger.symbol),
                  previousClose: previousCloses.get(ledger.symbol)
                },
                method,
                fx,
                c.portfolio.baseCurrency
              )
            )
          )
        )
        const totals = totalsOf(valued)
        return {
          portfolioId,
          baseCurrency: c.portfolio.baseCurrency,
          costBasisMethod: method,
          asOf: timestampOf(new Date(now)),
          rounding: ROUNDING,
          items: valued.map((v) => holdingOf(v, totals.marketValue)),
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
        const [latest, daily] = yield* Effect.all(
          [
            live ? latestQuotes([...c.symbols, ...pairsOf(c.plan)]) : Effect.succeed(new Map()),
            market.closeSeries(c.symbols, ["1d"], new Date(from - LOOKBACK), new Date(to))
          ],
          { concurrency: "unbounded" }
        )
        const latestPrices = new Map<string, Fixed>([...latest].map(([s, q]) => [s, q.price]))
        const fx = yield* loadFx(
          market,
          c.plan,
          latestPrices,
          new Date(Math.min(c.first, from) - LOOKBACK),
          new Date(to),
          ["1h", "1d"]
        )
        const history = unpackSeries(daily)
        const entries = seriesEntries(
          c.ledger,
          (currency, time) => fx.rateAt(currency, time) ?? fx.rateNow(currency)
        )
        const substituted = new Set<number>(entries.substituted)
        yield* Effect.yieldNow()
        const cursors = c.symbols.map((symbol) => {
          const h = history.get(symbol)
          return h === undefined ? () => undefined : cursorOf(h.ends, h.closes)
        })
        const quotes = c.symbols.map((s) => c.bySymbol.get(s)?.quoteCurrency)
        const series = valueSeries(entries.items, c.symbols.length, times, (symbol, time) => {
          const quote = quotes[symbol]
          if (quote === undefined) return undefined
          const atEnd = live && time === to
          const close = atEnd ? latestPrices.get(c.symbols[symbol]!) : cursors[symbol]!(time)
          const rate = atEnd ? fx.rateNow(quote) : fx.rateAt(quote, time)
          if (close === undefined || rate === undefined) return undefined
          return rate === ONE ? close : mul(close, rate)
        })
        for (const s of series.missing) substituted.add(s)
        return {
          portfolioId,
          baseCurrency: c.portfolio.baseCurrency,
          from: timestampOf(new Date(from)) as Timestamp,
          to: timestampOf(new Date(to)) as Timestamp,
          interval,
          rounding: ROUNDING,
          ...summarise(series, shown),
          missingPrices: [...substituted].map((i) => c.symbols[i] as InstrumentSymbol)
        } satisfies Performance
      }).pipe(Effect.withSpan("Valuation.performance"))

    return { holdings, performance } as const
  }),
  dependencies: [PortfoliosRepo.Default, LedgerRepo.Default, MarketDataRepo.Default]
}) {}

/**
 * Every symbol's entries as one time-ordered list of quantity changes and flows of money in the
 * base currency. A symbol with an entry that cannot be converted at all is left out and reported
 * among the substitutes.
 */
const seriesEntries = (
  ledger: ReadonlyArray<SymbolLedger>,
  rateAt: (currency: string, time: number) => Fixed | undefined
) => {
  const items: Array<SeriesEntry> = []
  const substituted: Array<number> = []
  ledger.forEach((l, symbol) => {
    const rates = l.entries.map((e) => rateAt(e.currency, e.time))
    if (rates.includes(undefined)) {
      substituted.push(symbol)
      return
    }
    l.entries.forEach((e, i) => {
      const rate = rates[i]!
      const paid = rate === ONE ? mul(e.quantity, e.price) : mul(mul(e.quantity, e.price), rate)
      const fee = rate === ONE ? e.fee : mul(e.fee, rate)
      items.push({
        symbol,
        time: e.time,
        delta: e.side === "buy" ? e.quantity : -e.quantity,
        cash: e.side === "buy" ? paid + fee : fee - paid,
        unitPrice: rate === ONE ? e.price : mul(e.price, rate)
      })
    })
  })
  // Stable: entries of one symbol at the same instant keep the ledger's order.
  items.sort((a, b) => a.time - b.time)
  return { items, substituted }
}
