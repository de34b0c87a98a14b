import { Effect } from "effect"
import { type Fixed, parse } from "./Fixed.js"
import type { PackedLedger } from "./LedgerRepo.js"

/** A transaction as read for valuation, amounts still in its own currency. */
export interface LedgerEntry {
  readonly side: "buy" | "sell"
  readonly quantity: Fixed
  readonly price: Fixed
  readonly fee: Fixed
  readonly currency: string
  readonly time: number
}

export interface SymbolLedger {
  readonly symbol: string
  readonly entries: ReadonlyArray<LedgerEntry>
}

const unpack = (packed: string): Array<LedgerEntry> =>
  packed.split(",").map((line) => {
    const [side, quantity, price, fee, currency, time] = line.split(" ") as [
      "buy" | "sell",
      string,
      string,
      string,
      string,
      string
    ]
    return {
      side,
      quantity: parse(quantity),
      price: parse(price),
      fee: parse(fee),
      currency,
      time: Number(time)
    }
  })

/** Unpacks a ledger symbol by symbol, yielding between symbols so other requests are served. */
export const unpackLedger = (rows: ReadonlyArray<PackedLedger>) =>
  Effect.forEach(rows, (row) =>
    Effect.zipRight(
      Effect.yieldNow(),
      Effect.sync((): SymbolLedger => ({ symbol: row.symbol, entries: unpack(row.entries) }))
    )
  )
