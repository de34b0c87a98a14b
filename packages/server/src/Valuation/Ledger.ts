import type { ActivityType } from "@trading-app/domain"
import { type Units, units, ZERO } from "./Fixed.js"
import type { PackedLedger } from "./LedgerRepo.js"
import { mapInSlices } from "./Yield.js"

/**
 * A ledger entry as read for valuation, amounts still in its own currency. One flat shape for
 * every type (fields a type does not have are zero or ""), so the replay loops stay monomorphic.
 */
export interface LedgerEntry {
  readonly type: ActivityType
  /** Units bought, sold or transferred. */
  readonly quantity: Units
  /** Unit price of a trade. */
  readonly price: Units
  /** Fee of a trade. */
  readonly fee: Units
  /** Cash moved (gross for dividends and interest), or the cost basis of a transfer in. */
  readonly amount: Units
  /** Tax withheld from a dividend or interest payment. */
  readonly withheld: Units
  /** A split's ratio: `after` shares for `before`. */
  readonly before: Units
  readonly after: Units
  /** "" for the types without money (split, transfer_out). */
  readonly currency: string
  /** Epoch milliseconds. */
  readonly time: number
}

export interface SymbolLedger {
  /** "" for the entries that belong to no security (deposits, interest, …). */
  readonly symbol: string
  readonly entries: ReadonlyArray<LedgerEntry>
}

const SPACE = 32
const COMMA = 44
const DOT = 46
// Up to 15 digits a double holds exactly, so the digits are summed as a number first.
const SAFE_DIGITS = 15

/**
 * One pass over a packed ledger without splitting it into substrings: at 100,000 entries this
 * is several times faster than split() and a BigInt per text.
 */
export const unpack = (packed: string): Array<LedgerEntry> => {
  const entries: Array<LedgerEntry> = []
  const end = packed.length
  let at = 0
  /** The next numeric(28, 10) field as units, moving past its separator. */
  const nextUnits = (): Units => {
    const start = at
    let value = 0
    let digits = 0
    let fraction = -1
    for (; at < end; at++) {
      const c = packed.charCodeAt(at)
      if (c === SPACE || c === COMMA) break
      if (c === DOT) fraction = 0
      else {
        value = value * 10 + (c - 48)
        digits++
        if (fraction >= 0) fraction++
      }
    }
    const stop = at++
    return digits <= SAFE_DIGITS && fraction === 10
      ? BigInt(value)
      : units(packed.slice(start, stop))
  }
  const nextText = (): string => {
    const start = at
    while (at < end && packed.charCodeAt(at) !== SPACE && packed.charCodeAt(at) !== COMMA) at++
    return packed.slice(start, at++)
  }
  while (at < end) {
    const type = nextText() as ActivityType
    let quantity = ZERO
    let price = ZERO
    let fee = ZERO
    let amount = ZERO
    let withheld = ZERO
    let before = ZERO
    let after = ZERO
    let currency = ""
    switch (type) {
      case "buy":
      case "sell":
        quantity = nextUnits()
        price = nextUnits()
        fee = nextUnits()
        currency = nextText()
        break
      case "dividend":
      case "interest":
        amount = nextUnits()
        withheld = nextUnits()
        currency = nextText()
        break
      case "split":
        before = nextUnits()
        after = nextUnits()
        break
      case "transfer_in":
        quantity = nextUnits()
        amount = nextUnits()
        currency = nextText()
        break
      case "transfer_out":
        quantity = nextUnits()
        break
      default:
        amount = nextUnits()
        currency = nextText()
    }
    const time = Number(nextText())
    entries.push({ type, quantity, price, fee, amount, withheld, before, after, currency, time })
  }
  return entries
}

/** Unpacks a ledger symbol by symbol, letting other requests run between slices of the work. */
export const unpackLedger = (rows: ReadonlyArray<PackedLedger>) =>
  // A packed entry is about 60 characters.
  mapInSlices(
    rows,
    (row) => row.entries.length / 60,
    (row): SymbolLedger => ({ symbol: row.symbol, entries: unpack(row.entries) })
  )
