import { BigDecimal, Schema } from "effect"

/** numeric(28, 10): at most 18 digits before the point and 10 after it. */
export const MAX_INTEGER_DIGITS = 18
export const MAX_FRACTION_DIGITS = 10

const DECIMAL_PATTERN = /^\d+(\.\d+)?$/
// Canonical and within numeric(28, 10): no leading zeros, no trailing fractional zeros.
const CANONICAL_PATTERN = /^(0|[1-9]\d{0,17})(\.\d{0,9}[1-9])?$/

/** Canonical text: no leading zeros, no trailing fractional zeros ("007.50" -> "7.5"). */
export const canonicalDecimal = (s: string): string => {
  const [int = "0", frac = ""] = s.split(".")
  const i = int.replace(/^0+(?=\d)/, "")
  const f = frac.replace(/0+$/, "")
  return f === "" ? i : `${i}.${f}`
}

const jsonSchema = {
  type: "string",
  pattern: "^\\d{1,18}(\\.\\d{1,10})?$",
  description:
    "A non-negative decimal number written as a string (at most 18 digits before the point and 10 after it)"
} as const

/**
 * A non-negative decimal written as a string, exact and canonical; JSON numbers are refused. The
 * decoded side is checked too (canonical form and precision), so rows read back are validated.
 */
const DecimalString = Schema.transform(
  Schema.String.pipe(
    Schema.pattern(DECIMAL_PATTERN, {
      message: () => 'Must be a non-negative decimal number written as a string, e.g. "12.5"'
    })
  ),
  Schema.String.pipe(
    Schema.pattern(CANONICAL_PATTERN, {
      message: () =>
        `Must have at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after it`
    })
  ),
  { strict: true, decode: canonicalDecimal, encode: (s) => s }
)

/** The exact value of a decimal string, for arithmetic. */
export const toBigDecimal = (s: string): BigDecimal.BigDecimal => BigDecimal.unsafeFromString(s)

/** A BigDecimal as plain decimal text ("1.5", never "1.5e+0"), without trailing zeros. */
export const decimalString = (b: BigDecimal.BigDecimal): string => {
  const n = BigDecimal.normalize(b)
  const sign = n.value < 0n ? "-" : ""
  const digits = (n.value < 0n ? -n.value : n.value).toString()
  if (n.scale <= 0) return `${sign}${digits}${"0".repeat(-n.scale)}`
  const padded = digits.padStart(n.scale + 1, "0")
  return `${sign}${padded.slice(0, -n.scale)}.${padded.slice(-n.scale)}`
}

/** A decimal string greater than zero, branded. */
const positive = <B extends string>(brand: B, what: string) =>
  DecimalString.pipe(
    // Canonical, so zero is exactly "0".
    Schema.filter((s) => s !== "0" || `${what} must be greater than 0`, { jsonSchema: {} }),
    Schema.brand(brand)
  ).annotations({ identifier: brand, jsonSchema })

/** A decimal string of zero or more, branded. */
const nonNegative = <B extends string>(brand: B) =>
  DecimalString.pipe(Schema.brand(brand)).annotations({ identifier: brand, jsonSchema })

export const Quantity = positive("Quantity", "Quantity")

/** A quantity of zero or more: what has filled, what is held. */
export const Held = nonNegative("Held")
export type Held = typeof Held.Type
export type Quantity = typeof Quantity.Type

export const Price = nonNegative("Price")
export type Price = typeof Price.Type

export const Fee = nonNegative("Fee")
export type Fee = typeof Fee.Type

/** Money moved by a cash activity (deposit, dividend, fee, …), in its currency. */
export const CashAmount = positive("CashAmount", "Amount")
export type CashAmount = typeof CashAmount.Type

/** Tax withheld at source from a dividend or interest payment. */
export const TaxAmount = nonNegative("TaxAmount")
export type TaxAmount = typeof TaxAmount.Type

/** What securities transferred in cost originally, all units together. */
export const CostAmount = nonNegative("CostAmount")
export type CostAmount = typeof CostAmount.Type

/** A setting that is a positive decimal (a percentage, a scale), checked further where used. */
export const PositiveDecimal = positive("PositiveDecimal", "The value")
export type PositiveDecimal = typeof PositiveDecimal.Type

/** One side of a split ratio: `sharesAfter` for `sharesBefore` (2 for 1, or 1 for 10). */
export const SplitShares = positive("SplitShares", "A split's share count")
export type SplitShares = typeof SplitShares.Type

/**
 * A computed amount or percentage, possibly negative, as a decimal string ("-12.5"). Only ever
 * produced by the server, already rounded for presentation (each response states its rounding).
 */
export const Amount = Schema.String.pipe(
  Schema.pattern(/^-?(0|[1-9]\d*)(\.\d+)?$/),
  Schema.brand("Amount")
).annotations({
  identifier: "Amount",
  jsonSchema: {
    type: "string",
    pattern: "^-?(0|[1-9]\\d*)(\\.\\d+)?$",
    description: "A decimal number written as a string, possibly negative"
  }
})
export type Amount = typeof Amount.Type
