import { BigDecimal, Schema } from "effect"

/** numeric(28, 10): at most 18 digits before the point and 10 after it. */
export const MAX_INTEGER_DIGITS = 18
export const MAX_FRACTION_DIGITS = 10

const DECIMAL_PATTERN = /^\d+(\.\d+)?$/

/** Canonical text: no leading zeros, no trailing fractional zeros ("007.50" -> "7.5"). */
export const canonicalDecimal = (s: string): string => {
  const [int = "0", frac = ""] = s.split(".")
  const i = int.replace(/^0+(?=\d)/, "")
  const f = frac.replace(/0+$/, "")
  return f === "" ? i : `${i}.${f}`
}

const fitsPrecision = (s: string): boolean => {
  const [int = "", frac = ""] = canonicalDecimal(s).split(".")
  return int.length <= MAX_INTEGER_DIGITS && frac.length <= MAX_FRACTION_DIGITS
}

const jsonSchema = {
  type: "string",
  pattern: "^\\d{1,18}(\\.\\d{1,10})?$",
  description:
    "A non-negative decimal number written as a string (at most 18 digits before the point and 10 after it)"
} as const

/** A non-negative decimal written as a string, exact and canonical; JSON numbers are refused. */
const DecimalString = Schema.transform(
  Schema.String.pipe(
    Schema.pattern(DECIMAL_PATTERN, {
      message: () => 'Must be a non-negative decimal number written as a string, e.g. "12.5"'
    }),
    Schema.filter(
      (s) =>
        fitsPrecision(s) ||
        `Must have at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after it`,
      { jsonSchema: {} }
    )
  ),
  Schema.String,
  { strict: true, decode: canonicalDecimal, encode: (s) => s }
)

/** The exact value of a decimal string, for arithmetic. */
export const toBigDecimal = (s: string): BigDecimal.BigDecimal => BigDecimal.unsafeFromString(s)

const isPositive = (s: string) => BigDecimal.isPositive(toBigDecimal(s))

export const Quantity = DecimalString.pipe(
  Schema.filter((s) => isPositive(s) || "Quantity must be greater than 0", { jsonSchema: {} }),
  Schema.brand("Quantity")
).annotations({ identifier: "Quantity", jsonSchema })
export type Quantity = typeof Quantity.Type

export const Price = DecimalString.pipe(Schema.brand("Price")).annotations({
  identifier: "Price",
  jsonSchema
})
export type Price = typeof Price.Type

export const Fee = DecimalString.pipe(Schema.brand("Fee")).annotations({
  identifier: "Fee",
  jsonSchema
})
export type Fee = typeof Fee.Type
