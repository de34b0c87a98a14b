import type { CostBasisMethod } from "@trading-app/domain"
import type { Fixed } from "./Fixed.js"
import type { LedgerEntry } from "./Ledger.js"
import { type Position, replay } from "./Positions.js"

/** `replay` without a journal, as holdings call it. */
export type Replay = (
  entries: ReadonlyArray<LedgerEntry>,
  method: CostBasisMethod,
  rates: ReadonlyArray<Fixed> | undefined,
  tradesMoveCash: boolean
) => Position

interface Remembered {
  readonly method: CostBasisMethod
  readonly tradesMoveCash: boolean
  readonly rates: ReadonlyArray<Fixed> | undefined
  readonly position: Position
}

const sameRates = (a: ReadonlyArray<Fixed> | undefined, b: ReadonlyArray<Fixed> | undefined) => {
  if (a === undefined || b === undefined) return a === b
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * `replay`, remembering its last result per entries array. The ledger cache hands out the same
 * array for as long as a symbol's pack is unchanged, so a request that changes nothing of a
 * ledger (its entries, the method, the cash policy or any entry's rate) reuses its replay, and
 * a write replays only the symbol it touched. Arrays the cache lets go are forgotten with them.
 * The figures are a pure function of those inputs, so a reused one is the one a replay gives.
 */
export const memoisedReplay = (): Replay => {
  const memo = new WeakMap<ReadonlyArray<LedgerEntry>, Remembered>()
  return (entries, method, rates, tradesMoveCash) => {
    const hit = memo.get(entries)
    if (
      hit !== undefined &&
      hit.method === method &&
      hit.tradesMoveCash === tradesMoveCash &&
      sameRates(hit.rates, rates)
    )
      return hit.position
    const position = replay(entries, method, rates, tradesMoveCash)
    memo.set(entries, { method, tradesMoveCash, rates, position })
    return position
  }
}
