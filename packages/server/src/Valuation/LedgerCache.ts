import { Effect } from "effect"
import type { SymbolLedger } from "./Ledger.js"

/** At most this many ledger entries are kept (about 150 bytes each). */
const MAX_ENTRIES = 400_000

interface Cached {
  readonly version: string
  readonly ledger: ReadonlyArray<SymbolLedger>
  readonly size: number
}

/**
 * Portfolios' ledgers as last read and unpacked, each with the version the database gave it.
 * Only the input is kept: every figure is computed again on every request. A ledger is used
 * only while its portfolio's version is unchanged, which the database bumps on every write to
 * its transactions, so no replica ever values an old ledger. Least recently used go first.
 */
export class LedgerCache extends Effect.Service<LedgerCache>()("LedgerCache", {
  sync: () => {
    const cache = new Map<string, Cached>()
    let size = 0
    const get = <E, R>(
      portfolioId: string,
      version: string,
      load: Effect.Effect<ReadonlyArray<SymbolLedger>, E, R>
    ) =>
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
        return Effect.tap(load, (ledger) =>
          Effect.sync(() => {
            const entries = ledger.reduce((n, l) => n + l.entries.length, 0)
            if (entries > MAX_ENTRIES) return
            // Newest last: evict from the front until the new one fits.
            for (const [key, old] of cache) {
              if (size + entries <= MAX_ENTRIES) break
              cache.delete(key)
              size -= old.size
            }
            cache.set(portfolioId, { version, ledger, size: entries })
            size += entries
          })
        )
      })
    return { get } as const
  }
}) {}
