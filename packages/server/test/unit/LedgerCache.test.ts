import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import type { SymbolLedger } from "../../src/Valuation/Ledger.js"
import { LedgerCache } from "../../src/Valuation/LedgerCache.js"

describe("LedgerCache", () => {
  it.effect("reads a ledger once per version, and after a write only the symbols it changed", () =>
    Effect.gen(function* () {
      const cache = yield* LedgerCache
      let packs: Record<string, string> = { AAPL: "1", MSFT: "1" }
      const read: Array<ReadonlyArray<string>> = []
      const source = {
        versions: Effect.sync(() =>
          Object.entries(packs).map(([symbol, version]) => ({ symbol, version }))
        ),
        load: (symbols: ReadonlyArray<string>) =>
          Effect.sync(() => {
            read.push(symbols)
            return symbols.map((symbol): SymbolLedger => ({ symbol, entries: [] }))
          })
      }
      const symbols = (ledger: ReadonlyArray<SymbolLedger>) => ledger.map((l) => l.symbol)
      expect(symbols(yield* cache.get("p", "1", source))).toEqual(["AAPL", "MSFT"])
      expect(symbols(yield* cache.get("p", "1", source))).toEqual(["AAPL", "MSFT"])
      expect(read).toEqual([["AAPL", "MSFT"]])
      // A write to MSFT and a new symbol: only those two are read.
      packs = { AAPL: "1", MSFT: "2", NVDA: "2" }
      expect(symbols(yield* cache.get("p", "2", source))).toEqual(["AAPL", "MSFT", "NVDA"])
      expect(read.at(-1)).toEqual(["MSFT", "NVDA"])
      // Every entry of AAPL deleted: its pack is gone, and so is it.
      packs = { MSFT: "2", NVDA: "2" }
      expect(symbols(yield* cache.get("p", "3", source))).toEqual(["MSFT", "NVDA"])
      expect(read.at(-1)).toEqual([])
    }).pipe(Effect.provide(LedgerCache.Default))
  )
})
