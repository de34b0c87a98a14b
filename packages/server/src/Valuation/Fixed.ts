/**
 * Exact decimal arithmetic for valuations: a value is a bigint counting units of 10^-20. Sums
 * and differences are exact; a product of two ledger numbers (at most 10 decimals each) is
 * exact; a product with a rate, and a quotient, are rounded half-even at the 20th decimal, far
 * below any presented digit. Plain bigints rather than a decimal class: a portfolio of 100,000
 * transactions takes a few million operations, and these cost tens of nanoseconds each.
 */
export type Fixed = bigint

export const SCALE = 20
export const ONE: Fixed = 10n ** 20n
export const ZERO: Fixed = 0n
const HUNDRED: Fixed = 100n * ONE

const POWERS = Array.from({ length: SCALE + 1 }, (_, i) => 10n ** BigInt(i))

/** Parses decimal text ("-12.5", "0.0000000001"); more than 20 decimals are rounded. */
export const parse = (text: string): Fixed => {
  const negative = text.startsWith("-")
  const body = negative || text.startsWith("+") ? text.slice(1) : text
  const dot = body.indexOf(".")
  let value: bigint
  if (dot < 0) {
    value = BigInt(body) * ONE
  } else {
    const fraction = body.slice(dot + 1)
    if (fraction.length <= SCALE) {
      value = BigInt(body.slice(0, dot) + fraction) * POWERS[SCALE - fraction.length]!
    } else {
      const digits = BigInt(body.slice(0, dot) + fraction)
      value = divRound(digits, 10n ** BigInt(fraction.length - SCALE))
    }
  }
  return negative ? -value : value
}

// Up to 15 digits a double holds exactly, so they are summed as a number first.
const SAFE_DIGITS = 15

/**
 * Parses decimal texts separated by commas ("1.5,100,0.25") in one pass: a price history of
 * 100,000 closes parses several times faster than splitting it and parsing each text.
 */
export const parseList = (text: string): Array<Fixed> => {
  const out: Array<Fixed> = []
  if (text === "") return out
  let start = 0
  let value = 0
  let digits = 0
  let fraction = -1
  let negative = false
  for (let at = 0; at <= text.length; at++) {
    const c = at === text.length ? 44 : text.charCodeAt(at)
    if (c === 44) {
      out.push(
        digits <= SAFE_DIGITS && fraction <= SCALE
          ? (negative ? -BigInt(value) : BigInt(value)) * POWERS[SCALE - Math.max(fraction, 0)]!
          : parse(text.slice(start, at))
      )
      start = at + 1
      value = 0
      digits = 0
      fraction = -1
      negative = false
    } else if (c === 46) fraction = 0
    else if (c === 45) negative = true
    else if (c !== 43) {
      value = value * 10 + (c - 48)
      digits++
      if (fraction >= 0) fraction++
    }
  }
  return out
}

/** a / b for bigints, rounded half-even. */
export const divRound = (a: bigint, b: bigint): bigint => {
  if (b < 0n) return divRound(-a, -b)
  const q = a / b
  const r = a - q * b
  const twice = 2n * (r < 0n ? -r : r)
  if (twice < b || (twice === b && q % 2n === 0n)) return q
  return a < 0n ? q - 1n : q + 1n
}

export const mul = (a: Fixed, b: Fixed): Fixed => divRound(a * b, ONE)

/** a / b; undefined when b is zero. */
export const div = (a: Fixed, b: Fixed): Fixed | undefined =>
  b === 0n ? undefined : divRound(a * ONE, b)

/** a / b × 100; undefined when b is zero. */
export const percent = (a: Fixed, b: Fixed): Fixed | undefined =>
  b === 0n ? undefined : divRound(a * HUNDRED, b)

/**
 * Ledger numbers (numeric(28, 10)) as integers of 10^-10: their text always has ten decimals, so
 * they parse with one BigInt call, and the product of two of them is a Fixed with no rounding.
 */
export type Units = bigint
export const UNITS_PER_ONE: Units = 10n ** 10n

/** Units of a numeric(28, 10) text such as "12.5000000000" (any other form parses too). */
export const units = (text: string): Units => {
  const dot = text.indexOf(".")
  if (dot === text.length - 11) return BigInt(text.slice(0, dot) + text.slice(dot + 1))
  return parse(text) / UNITS_PER_ONE
}

/** The Fixed value of a number of units. */
export const fromUnits = (u: Units): Fixed => u * UNITS_PER_ONE

/**
 * The Fixed value of a finite number. From 1e21 on, `toFixed` writes an exponent; such a float
 * is a whole number, converted exactly through BigInt instead.
 */
export const fromNumber = (n: number): Fixed => {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`)
  return Math.abs(n) < 1e21 ? parse(n.toFixed(SCALE)) : BigInt(n) * POWERS[SCALE]!
}

/** A float approximation, only for iterative solvers (XIRR), never for money. */
export const toNumber = (a: Fixed): number => Number(a) / 1e20

/** Decimal text rounded half-even to `places` decimals, without trailing zeros ("-1.5", "0"). */
export const format = (a: Fixed, places: number): string => {
  const unit = POWERS[SCALE - places]!
  const rounded = divRound(a, unit)
  const negative = rounded < 0n
  const digits = (negative ? -rounded : rounded).toString().padStart(places + 1, "0")
  const int = digits.slice(0, digits.length - places)
  const frac = digits.slice(digits.length - places).replace(/0+$/, "")
  const text = frac === "" ? int : `${int}.${frac}`
  return negative && text !== "0" ? `-${text}` : text
}
