import {
  ACTIVITY_TYPES,
  type ActivityType,
  decimalString,
  type Transaction,
  toBigDecimal
} from "@trading-app/domain"
import { BigDecimal } from "effect"
import { formatPrice, formatQuantity } from "../lib/format.js"

export const ACTIVITY_LABELS: Record<ActivityType, string> = {
  buy: "Buy",
  sell: "Sell",
  deposit: "Deposit",
  withdrawal: "Withdrawal",
  dividend: "Dividend",
  interest: "Interest",
  fee: "Fee",
  tax: "Tax",
  split: "Split",
  transfer_in: "Transfer in",
  transfer_out: "Transfer out"
}

const GROUPS: ReadonlyArray<readonly [string, ReadonlyArray<ActivityType>]> = [
  ["Trades", ["buy", "sell"]],
  ["Cash", ["deposit", "withdrawal"]],
  ["Income", ["dividend", "interest"]],
  ["Costs", ["fee", "tax"]],
  ["Securities", ["split", "transfer_in", "transfer_out"]]
]

/** The types grouped for a select box, every type once. */
export const activityOptions = GROUPS.map(([group, types]) => ({
  group,
  items: types.map((value) => ({ value, label: ACTIVITY_LABELS[value] }))
}))

export const isActivityType = (value: string): value is ActivityType =>
  (ACTIVITY_TYPES as ReadonlyArray<string>).includes(value)

/** Green for money or securities coming in, red for going out, violet for a split. */
export const activityColor = (type: ActivityType): string =>
  type === "split"
    ? "violet"
    : type === "buy" ||
        type === "deposit" ||
        type === "dividend" ||
        type === "interest" ||
        type === "transfer_in"
      ? "teal"
      : "red"

/** A field of an entry, if its type has it. */
export const fieldOf = (t: Transaction, field: string): string | null =>
  ((t as unknown as Record<string, string | null | undefined>)[field] ?? null) as string | null

/**
 * The money an entry moves before fees: a trade's quantity times its price (exact), a cash
 * entry's amount, a transfer's cost basis; null for a split.
 */
export const amountOf = (t: Transaction): string | null => {
  if (t.type === "buy" || t.type === "sell")
    return decimalString(BigDecimal.multiply(toBigDecimal(t.quantity), toBigDecimal(t.price)))
  return fieldOf(t, "amount") ?? fieldOf(t, "costBasis")
}

/** One entry in words: "Buy 2 AAPL", "Deposit of $1,000.00", "Split of AAPL, 2 for 1". */
export const describeActivity = (t: Transaction): string => {
  const label = ACTIVITY_LABELS[t.type]
  const symbol = fieldOf(t, "symbol")
  const quantity = fieldOf(t, "quantity")
  const amount = fieldOf(t, "amount")
  const currency = fieldOf(t, "currency")
  if (t.type === "split") return `${label} of ${symbol}, ${t.sharesAfter} for ${t.sharesBefore}`
  if (quantity !== null) return `${label} ${formatQuantity(quantity)} ${symbol}`
  const money = amount === null || currency === null ? "" : formatPrice(amount, currency)
  return `${label} of ${money}${symbol === null ? "" : ` (${symbol})`}`
}
