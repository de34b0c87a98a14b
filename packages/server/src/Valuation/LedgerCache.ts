import { Effect } from "effect"
import type { SymbolLedger } from "./Ledger.js"

/** At most this many ledger entries are kept (about 150 bytes each). */
const MAX_ENTRIES = 400_000

interface Cached {
  readonly version: string
  /** Each symbol's ledger with the version of the pack it was read from. */
  readonly symbols: ReadonlyMap<string, { readonly version: string; readonly ledger: SymbolLedger }>
  readonly ledger: ReadonlyArray<SymbolLedger>
  readonly size: number
}

/** What loading a portfolio's ledger needs: its packs' versions, and some packs unpacked. */
export interface LedgerSource<E, R> {
  readonly versions: Effect.Effect<ReadonlyArray<{ symbol: string; version: string }>, E, R>
  readonly load: (
    symbols: ReadonlyArray<string>
  ) => Effect.Effect<ReadonlyArray<SymbolLedger>, E, R>
}

/**
 * Portfolios' ledgers as last read and unpacked, each with the version the database gave it.
 * Only the input is kept (holdings remember a symbol's replay by its entries array, see
 * ReplayMemo; market values and returns are computed on every request). A ledger is used
 * only while its portfolio's version is unchanged, which the database bumps on every write to
 * its transactions, so no replica ever values an old ledger; after a write, only the symbols
 * whose pack changed are read again. Least recently used go first.
 */
export class LedgerCache extends Effect.Service<LedgerCache>()("LedgerCache", {
  sync: () => {
    const cache = new Map<string, Cached>()
    let size = 0
    const get = <E, R>(portfolioId: string, version: string, source: LedgerSource<E, R>) =>
      Effect.suspend(() => {
        const hit = cache.get(portfolioId)
        if (hit !== undefined) {
          cache.delete(portfolioId)
          if (hit.version === version) {
            cache.set(portfolioId, hit)
            return Effect.succeed(hit.ledger)
          }
          size -= hit.size
        }
        return Effect.gen(function* () {
          const versions = yield* source.versions
          const stale = versions.filter((v) => hit?.symbols.get(v.symbol)?.version !== v.version)
          const loaded = new Map(
            (yield* source.load(stale.map((v) => v.symbol))).map((l) => [l.symbol, l])
          )
          const symbols = new Map<string, { version: string; ledger: SymbolLedger }>()
          for (const v of versions) {
            const ledger = loaded.get(v.symbol) ?? hit?.symbols.get(v.symbol)?.ledger
            if (ledger !== undefined) symbols.set(v.symbol, { version: v.version, ledger })
          }
          const ledger = [...symbols.values()].map((s) => s.ledger)
          const entries = ledger.reduce((n, l) => n + l.entries.length, 0)
          if (entries <= MAX_ENTRIES) {
            // Newest last: evict from the front until the new one fits.
            for (const [key, old] of cache) {
              if (size + entries <= MAX_ENTRIES) break
              cache.delete(key)
              size -= old.size
            }
            cache.set(portfolioId, { version, symbols, ledger, size: entries })
            size += entries
          }
          return ledger
        })
      })
    return { get } as const
  }
}) {}
