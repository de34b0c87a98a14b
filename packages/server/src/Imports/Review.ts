import type {
  CreateTransaction,
  Currency,
  ImportCounts,
  ImportRow,
  RowIssue,
  RowStatus
} from "@trading-app/domain"
import type { conversionPath } from "../MarketData/FxPaths.js"
import { cashCurrencyProblem, instrumentProblem } from "../Transactions/Rules.js"
import { format, fromUnits, type Units, units, ZERO } from "../Valuation/Fixed.js"
import type { LedgerEntry } from "../Valuation/Ledger.js"
import { splitQuantity } from "../Valuation/Positions.js"
import { LEDGER_RANK } from "../Valuation/Series.js"
import type { ReadRow } from "./Read.js"
import { dayIn } from "./Values.js"

/** An activity's fields that tell one from another, as stored or as read (canonical decimals). */
export interface Comparable {
  readonly type: string
  readonly symbol: string | null
  readonly quantity: string | null
  readonly price: string | null
  readonly fee: string | null
  /** Cash moved, or a transfer in's cost basis. */
  readonly amount: string | null
  readonly withholdingTax: string | null
  readonly sharesBefore: string | null
  readonly sharesAfter: string | null
  readonly currency: string | null
  readonly time: number
}

/**
 * What makes two activities the same for an import: the day (in the import's time zone), type,
 * symbol, quantity, price, fee, amount and currency (and a split's ratio). Fees and withheld tax
 * count only for the types that have them, so a stored zero and an absent field agree.
 */
export const fingerprint = (a: Comparable, zone: string): string => {
  const trade = a.type === "buy" || a.type === "sell"
  const income = a.type === "dividend" || a.type === "interest"
  return [
    dayIn(zone, a.time),
    a.type,
    a.symbol ?? "",
    a.quantity ?? "",
    a.price ?? "",
    trade ? (a.fee ?? "0") : "",
    a.amount ?? "",
    income ? (a.withholdingTax ?? "0") : "",
    a.sharesBefore ?? "",
    a.sharesAfter ?? "",
    a.currency ?? ""
  ].join("|")
}

const field = (t: CreateTransaction, name: string): string | null => {
  const value = (t as unknown as Record<string, unknown>)[name]
  return typeof value === "string" ? value : null
}

/** A new entry in the comparable shape. */
export const comparableOf = (t: CreateTransaction): Comparable => ({
  type: t.type,
  symbol: field(t, "symbol"),
  quantity: field(t, "quantity"),
  price: field(t, "price"),
  fee: field(t, "fee"),
  amount: field(t, "amount") ?? field(t, "costBasis"),
  withholdingTax: field(t, "withholdingTax"),
  sharesBefore: field(t, "sharesBefore"),
  sharesAfter: field(t, "sharesAfter"),
  currency: field(t, "currency"),
  time: Date.parse(t.executedAt)
})

/** The portfolio's activities as far as duplicates go. */
export interface Existing {
  /** External ids of its activities, and their own ids (a file this app exported names them). */
  readonly ids: ReadonlySet<string>
  /** How many of its activities have each fingerprint. */
  readonly fingerprints: ReadonlyMap<string, number>
}

/** What the market data says about the symbols and currencies the file names. */
export interface Market {
  /** Each symbol's quote currency; undefined for a symbol no instrument has. */
  readonly quotes: ReadonlyMap<string, Currency | undefined>
  readonly pairs: Parameters<typeof conversionPath>[2]
  readonly baseCurrency: Currency
}

export interface ReviewInput {
  readonly rows: ReadonlyArray<ReadRow>
  readonly existing: Existing
  readonly market: Market
  /** The portfolio's ledger of each symbol the file takes units of, in ledger order. */
  readonly ledgers: ReadonlyMap<string, ReadonlyArray<LedgerEntry>>
  readonly exclude: ReadonlySet<number>
  readonly include: ReadonlySet<number>
  readonly zone: string
  /** Where a field of a row comes from, for its problems. */
  readonly locate: (row: ReadRow, field: string, message: string) => RowIssue
}

export interface Review {
  readonly counts: ImportCounts
  /** Each row's verdict, in file order. */
  readonly statuses: ReadonlyArray<RowStatus>
  readonly duplicates: ReadonlyArray<string | undefined>
  /** A row as the preview shows it, made only for the rows shown. */
  readonly rowAt: (index: number) => ImportRow
  /** The rows a commit records, in file order. */
  readonly selected: ReadonlyArray<{ readonly row: number; readonly entry: CreateTransaction }>
}

/** What the walk of units held reads of an entry. */
type Step = Pick<LedgerEntry, "type" | "quantity" | "before" | "after" | "time">

/** A new entry as the walk reads it. */
const stepOf = (t: CreateTransaction): Step => {
  const u = (name: string) => {
    const v = field(t, name)
    return v === null ? ZERO : units(v)
  }
  return {
    type: t.type,
    quantity: u("quantity"),
    before: u("sharesBefore"),
    after: u("sharesAfter"),
    time: Date.parse(t.executedAt)
  }
}

const takes = (type: string) => type === "sell" || type === "transfer_out"
const amount = (u: Units) => format(fromUnits(u), 10)

/**
 * The file's new entries of one symbol walked with the portfolio's own, in ledger order (the
 * portfolio's first at the same instant and rank): a new sale of more than is held then is
 * refused; an existing sale left short by new ones refuses the last new entry that reduced the
 * holding before it, and the walk starts again without it. Answers the refused rows and why.
 */
const oversold = (
  symbol: string,
  existing: ReadonlyArray<Step>,
  fresh: ReadonlyArray<{ readonly row: number; readonly entry: Step }>,
  zone: string
): Map<number, string> => {
  const refused = new Map<number, string>()
  const ordered = [
    ...existing.map((entry) => ({ row: undefined as number | undefined, entry })),
    ...fresh
  ].sort(
    (a, b) => a.entry.time - b.entry.time || LEDGER_RANK[a.entry.type] - LEDGER_RANK[b.entry.type]
  )
  walk: for (;;) {
    let held: Units = ZERO
    let lastReducer: number | undefined
    for (const { row, entry } of ordered) {
      if (row !== undefined && refused.has(row)) continue
      if (entry.type === "buy" || entry.type === "transfer_in") held += entry.quantity
      else if (entry.type === "split") {
        held = splitQuantity(held, entry.before, entry.after)
        if (row !== undefined && entry.after < entry.before) lastReducer = row
      } else if (takes(entry.type)) {
        const day = dayIn(zone, entry.time)
        const what = `${entry.type === "sell" ? "Selling" : "Transferring out"} ${amount(entry.quantity)} ${symbol} on ${day}`
        if (entry.quantity <= held) {
          held -= entry.quantity
          if (row !== undefined) lastReducer = row
        } else if (row !== undefined) {
          refused.set(row, `${what} would take more than the ${amount(held)} held then`)
        } else if (lastReducer !== undefined) {
          refused.set(
            lastReducer,
            `This row leaves an existing activity short: ${what[0]!.toLowerCase()}${what.slice(1)} would take more than the ${amount(held)} held then`
          )
          continue walk
        }
      }
    }
    return refused
  }
}

const duplicateText = (id: string) => `An activity already in the portfolio (id ${id})`

/**
 * The dry run's verdict on every row: problems found reading it, an instrument or currency the
 * market data does not know, duplicates of the portfolio's activities or of earlier rows, and
 * sales of more than the portfolio and the file hold together. The user's exclusions come
 * first, then problems, then duplicates (unless included).
 */
export const review = (input: ReviewInput): Review => {
  const { rows, existing, market, exclude, include, zone, locate } = input
  const n = rows.length
  // Problems found here, by row index, added to those found reading the row.
  const extra: Array<Array<RowIssue> | undefined> = new Array(n)
  const duplicates: Array<string | undefined> = new Array(n)
  const add = (i: number, issue: RowIssue) => {
    extra[i] = [...(extra[i] ?? []), issue]
  }
  const remaining = new Map(existing.fingerprints)
  const seenIds = new Map<string, number>()
  const seenPrints = new Map<string, number>()

  for (let i = 0; i < n; i++) {
    const r = rows[i]!
    const e = r.entry
    if (e === undefined) continue
    const symbol = field(e, "symbol")
    const currency = (field(e, "currency") ?? undefined) as Currency | undefined
    if (symbol !== null) {
      const problem = instrumentProblem(symbol, market.quotes.get(symbol), currency, market.pairs)
      if (problem !== undefined) add(i, locate(r, problem.field, problem.message))
    } else if (currency !== undefined) {
      const problem = cashCurrencyProblem(currency, market.baseCurrency, market.pairs)
      if (problem !== undefined) add(i, locate(r, "currency", problem))
    }
    if (r.externalId !== undefined) {
      const earlier = seenIds.get(r.externalId)
      if (existing.ids.has(r.externalId)) duplicates[i] = duplicateText(r.externalId)
      else if (earlier !== undefined) duplicates[i] = `Row ${earlier} (same id ${r.externalId})`
      else seenIds.set(r.externalId, r.row)
      continue
    }
    const print = fingerprint(comparableOf(e), zone)
    const left = remaining.get(print) ?? 0
    if (left > 0) {
      remaining.set(print, left - 1)
      duplicates[i] = "An activity already in the portfolio (same day, type, symbol, amounts)"
    } else {
      const earlier = seenPrints.get(print)
      if (earlier !== undefined) duplicates[i] = `Row ${earlier} (same day, type, symbol, amounts)`
      else seenPrints.set(print, r.row)
    }
  }

  const statuses: Array<RowStatus> = new Array(n)
  for (let i = 0; i < n; i++) {
    const r = rows[i]!
    statuses[i] = exclude.has(r.row)
      ? "excluded"
      : r.issues.length > 0 || extra[i] !== undefined
        ? "invalid"
        : duplicates[i] !== undefined && !include.has(r.row)
          ? "duplicate"
          : "ready"
  }

  // Sales checked against what the portfolio and the rows to import hold together.
  const bySymbol = new Map<string, Array<number>>()
  for (let i = 0; i < n; i++) {
    const e = rows[i]!.entry
    const symbol = e === undefined ? null : field(e, "symbol")
    if (statuses[i] !== "ready" || symbol === null) continue
    const list = bySymbol.get(symbol) ?? []
    list.push(i)
    bySymbol.set(symbol, list)
  }
  const indexOfRow = new Map<number, number>()
  for (const [symbol, indexes] of bySymbol) {
    if (!indexes.some((i) => takes(rows[i]!.entry!.type) || rows[i]!.entry!.type === "split"))
      continue
    const fresh = indexes.map((i) => {
      indexOfRow.set(rows[i]!.row, i)
      return { row: rows[i]!.row, entry: stepOf(rows[i]!.entry!) }
    })
    for (const [row, message] of oversold(symbol, input.ledgers.get(symbol) ?? [], fresh, zone)) {
      const i = indexOfRow.get(row)!
      add(i, locate(rows[i]!, "quantity", message))
      statuses[i] = "invalid"
    }
  }

  const counts = { rows: n, ready: 0, invalid: 0, duplicates: 0, excluded: 0 }
  const selected: Array<{ row: number; entry: CreateTransaction }> = []
  for (let i = 0; i < n; i++) {
    const s = statuses[i]!
    if (s === "ready") {
      counts.ready++
      selected.push({ row: rows[i]!.row, entry: rows[i]!.entry! })
    } else if (s === "invalid") counts.invalid++
    else if (s === "duplicate") counts.duplicates++
    else counts.excluded++
  }
  const rowAt = (i: number): ImportRow => {
    const r = rows[i]!
    return {
      row: r.row,
      cells: r.cells,
      activity: r.activity(),
      status: statuses[i]!,
      duplicateOf: duplicates[i] ?? null,
      issues: extra[i] === undefined ? r.issues : [...r.issues, ...extra[i]!]
    }
  }
  return { counts, statuses, duplicates, rowAt, selected }
}
