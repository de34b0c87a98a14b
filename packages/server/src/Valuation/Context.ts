import type {
  CostBasisMethod,
  Currency,
  Instrument,
  PortfolioId,
  PortfolioScope,
  UserId
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import type { FxLeg } from "../MarketData/FxPaths.js"
import type { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { type LedgerEntry, type SymbolLedger, unpackLedger } from "./Ledger.js"
import type { LedgerCache } from "./LedgerCache.js"
import type { LedgerRepo } from "./LedgerRepo.js"
import { fxPlan } from "./Prices.js"

/** One portfolio's ledger with the rules it is valued under. */
export interface Book {
  readonly ledger: ReadonlyArray<SymbolLedger>
  readonly method: CostBasisMethod
  /** Whether its purchases and sales move its cash (it records deposits or withdrawals). */
  readonly tradesMoveCash: boolean
}

/** What valuing a portfolio, or all of a user's portfolios, needs. */
export interface Context {
  readonly scope: PortfolioScope
  /** The currency every figure is in. */
  readonly base: Currency
  /** The cost basis method, when one portfolio is valued. */
  readonly method: CostBasisMethod | null
  readonly books: ReadonlyArray<Book>
  /** Each book's portfolio. */
  readonly portfolioIds: ReadonlyArray<string>
  /** Every security held or once held, across the books (no ""). */
  readonly securities: ReadonlyArray<string>
  readonly bySymbol: ReadonlyMap<string, Instrument>
  readonly plan: Map<string, ReadonlyArray<FxLeg> | undefined>
  /** The time of the first entry (+∞ without any). */
  readonly first: number
  /** When the first portfolio was created. */
  readonly createdAt: number
  readonly benchmark: string | undefined
}

// The ledger cache hands out the same entries array while a symbol's pack is unchanged, so the
// currencies its entries are in are found once per array, not on every request.
const currencyMemo = new WeakMap<ReadonlyArray<LedgerEntry>, ReadonlySet<string>>()
const currenciesOf = (entries: ReadonlyArray<LedgerEntry>): ReadonlySet<string> => {
  const known = currencyMemo.get(entries)
  if (known !== undefined) return known
  const found = new Set<string>()
  for (const e of entries) if (e.currency !== "") found.add(e.currency)
  currencyMemo.set(entries, found)
  return found
}

/** All portfolios together are compared with this benchmark, where the market data has it. */
const ALL_BENCHMARK = "SPY"

// Cash entries have no symbol: a portfolio that records deposits or withdrawals pays for its
// trades from its cash.
const movesCash = (ledger: ReadonlyArray<SymbolLedger>) =>
  ledger.some(
    (l) => l.symbol === "" && l.entries.some((e) => e.type === "deposit" || e.type === "withdrawal")
  )

/**
 * Loads the portfolio (or all of them), each ledger from the cache while its version holds, and
 * the instruments and FX plan the figures need. Undefined when the portfolio is not the user's.
 */
export const loadContext = (
  ledgers: LedgerRepo,
  cache: LedgerCache,
  market: MarketDataRepo,
  userId: UserId,
  scope: PortfolioScope,
  currency: Currency | undefined
) =>
  Effect.gen(function* () {
    const heads = yield* ledgers.heads(userId, scope)
    if (heads.length === 0 && scope !== "all") return Option.none<Context>()
    const [books, pairs] = yield* Effect.all(
      [
        Effect.forEach(
          heads,
          (head) =>
            Effect.map(
              cache.get(head.id, head.ledgerVersion, {
                versions: ledgers.packVersions(userId, head.id as PortfolioId),
                load: (symbols) =>
                  symbols.length === 0
                    ? Effect.succeed([])
                    : Effect.flatMap(
                        ledgers.packed(userId, head.id as PortfolioId, symbols),
                        unpackLedger
                      )
              }),
              (ledger): Book => ({
                ledger,
                method: head.costBasisMethod,
                tradesMoveCash: movesCash(ledger)
              })
            ),
          { concurrency: 4 }
        ),
        market.fxPairs
      ],
      { concurrency: "unbounded" }
    )
    const benchmark = scope === "all" ? ALL_BENCHMARK : (heads[0]!.benchmark ?? undefined)
    const securities = [
      ...new Set(books.flatMap((b) => b.ledger.map((l) => l.symbol)).filter((s) => s !== ""))
    ]
    const instruments = yield* market.instrumentsOf(
      benchmark === undefined || securities.includes(benchmark)
        ? securities
        : [...securities, benchmark]
    )
    const bySymbol = new Map(instruments.map((i) => [i.symbol as string, i]))
    const base = currency ?? heads[0]?.baseCurrency ?? ("USD" as Currency)
    const currencies = new Set<string>(instruments.map((i) => i.quoteCurrency))
    let first = Number.POSITIVE_INFINITY
    for (const b of books)
      for (const l of b.ledger) {
        first = Math.min(first, l.entries[0]?.time ?? first)
        for (const currency of currenciesOf(l.entries)) currencies.add(currency)
      }
    return Option.some<Context>({
      scope,
      base,
      method: scope === "all" ? null : heads[0]!.costBasisMethod,
      books,
      portfolioIds: heads.map((h) => h.id),
      securities,
      bySymbol,
      plan: fxPlan(base, currencies, pairs),
      first,
      createdAt: heads[0] === undefined ? Date.now() : Date.parse(heads[0].createdAt),
      benchmark: scope === "all" && !bySymbol.has(ALL_BENCHMARK) ? undefined : benchmark
    })
  })
