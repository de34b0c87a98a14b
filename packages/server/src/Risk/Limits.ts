import { BigDecimal } from "effect"

const ZERO = BigDecimal.fromBigInt(0n)
const HUNDRED = BigDecimal.fromBigInt(100n)
const sum = (xs: ReadonlyArray<BigDecimal.BigDecimal>) => xs.reduce(BigDecimal.sum, ZERO)
/** A figure for people: rounded to 2 places, no trailing zeros. */
export const figure = (x: BigDecimal.BigDecimal) =>
  BigDecimal.format(BigDecimal.normalize(BigDecimal.round(x, { scale: 2, mode: "half-even" })))

/** An open group's exposure: the capital it holds and has working in buy orders. */
export interface Exposure {
  readonly symbol: string
  readonly committed: BigDecimal.BigDecimal
}

/** What the user's book holds now. */
export interface Book {
  readonly groups: ReadonlyArray<Exposure>
  /** Realised P&L of the groups closed since 00:00 UTC (a loss is negative). */
  readonly realisedToday: BigDecimal.BigDecimal
}

/** An entry a signal asks for: a new group, or an add to an open one. */
export interface Entry {
  readonly symbol: string
  readonly capital: BigDecimal.BigDecimal
  readonly opensGroup: boolean
}

export type Verdict =
  | { readonly _tag: "Allowed" }
  /** Capacity is short: the entry waits in the queue until it frees. */
  | { readonly _tag: "Queued"; readonly reason: string }
  /** The day's loss limit is reached: refused outright. */
  | { readonly _tag: "Refused"; readonly reason: string }

/** The limits an entry is checked against (RiskLimits'; null: none). */
export interface Limits {
  readonly maxOpenGroups: number | null
  readonly maxSymbolExposure: string | null
  readonly maxTotalExposure: string | null
  readonly maxDailyLoss: string | null
}

/** Why new entries are refused today (the daily loss reached), if they are. */
export const dailyLossHalt = (limits: Limits, realisedToday: BigDecimal.BigDecimal) => {
  if (limits.maxDailyLoss === null) return undefined
  const loss = BigDecimal.negate(realisedToday)
  return BigDecimal.greaterThanOrEqualTo(loss, BigDecimal.unsafeFromString(limits.maxDailyLoss))
    ? `Today's realised loss, ${figure(loss)}, reached the daily limit of ${limits.maxDailyLoss}: new entries wait for 00:00 UTC`
    : undefined
}

/**
 * Whether an entry fits the user's limits, checked in this order: the daily loss (refused),
 * the open groups (only for a new group), the exposure in its symbol, the total exposure
 * (queued). An exposure limit counts the entry's whole planned capital (base and safety orders).
 */
export const checkEntry = (limits: Limits, book: Book, entry: Entry): Verdict => {
  const halted = dailyLossHalt(limits, book.realisedToday)
  if (halted !== undefined) return { _tag: "Refused", reason: halted }
  if (
    entry.opensGroup &&
    limits.maxOpenGroups !== null &&
    book.groups.length >= limits.maxOpenGroups
  )
    return {
      _tag: "Queued",
      reason: `${book.groups.length} group${book.groups.length === 1 ? " is" : "s are"} open, the most your limits allow`
    }
  const over = (label: string, used: BigDecimal.BigDecimal, max: string | null) => {
    if (max === null) return undefined
    const after = BigDecimal.sum(used, entry.capital)
    return BigDecimal.greaterThan(after, BigDecimal.unsafeFromString(max))
      ? `${label} would be ${figure(after)} with this entry's ${figure(entry.capital)}, over the limit of ${max}`
      : undefined
  }
  const reason =
    over(
      `Exposure in ${entry.symbol}`,
      sum(book.groups.filter((g) => g.symbol === entry.symbol).map((g) => g.committed)),
      limits.maxSymbolExposure
    ) ?? over("Total exposure", sum(book.groups.map((g) => g.committed)), limits.maxTotalExposure)
  return reason === undefined ? { _tag: "Allowed" } : { _tag: "Queued", reason }
}

/** An open group's position valued at the latest price. */
export interface Position<Id extends string = string> {
  readonly id: Id
  /** What the quantity held cost. */
  readonly cost: BigDecimal.BigDecimal
  /** The quantity held at the latest price. */
  readonly value: BigDecimal.BigDecimal
}

export interface Mitigation<Id extends string = string> {
  readonly loser: Id
  readonly loss: BigDecimal.BigDecimal
  readonly lossPercent: BigDecimal.BigDecimal
  readonly winners: ReadonlyArray<{ readonly id: Id; readonly profit: BigDecimal.BigDecimal }>
}

/**
 * The mitigation to do now, if any: the group with the deepest loss (in percent of its cost) at
 * or past the threshold whose loss the winning groups can cover, closed together with the fewest
 * winners, the most profitable first, whose profit covers it. A loss no winners can cover is
 * left alone.
 */
export const mitigationPlan = <Id extends string>(
  positions: ReadonlyArray<Position<Id>>,
  thresholdPercent: BigDecimal.BigDecimal
): Mitigation<Id> | undefined => {
  const pnl = (p: Position<Id>) => BigDecimal.subtract(p.value, p.cost)
  const percentOf = (p: Position<Id>) =>
    BigDecimal.unsafeDivide(BigDecimal.multiply(BigDecimal.negate(pnl(p)), HUNDRED), p.cost)
  const winners = positions
    .filter((p) => BigDecimal.isPositive(pnl(p)))
    .sort((a, b) => BigDecimal.Order(pnl(b), pnl(a)))
  const losers = positions
    .filter(
      (p) =>
        BigDecimal.isPositive(p.cost) &&
        BigDecimal.greaterThanOrEqualTo(percentOf(p), thresholdPercent)
    )
    .sort((a, b) => BigDecimal.Order(percentOf(b), percentOf(a)))
  for (const loser of losers) {
    const loss = BigDecimal.negate(pnl(loser))
    const chosen: Array<{ id: Id; profit: BigDecimal.BigDecimal }> = []
    let covered = ZERO
    for (const w of winners) {
      if (BigDecimal.greaterThanOrEqualTo(covered, loss)) break
      chosen.push({ id: w.id, profit: pnl(w) })
      covered = BigDecimal.sum(covered, pnl(w))
    }
    if (BigDecimal.greaterThanOrEqualTo(covered, loss))
      return { loser: loser.id, loss, lossPercent: percentOf(loser), winners: chosen }
  }
  return undefined
}
