import type { DateFormat } from "@trading-app/domain"

/** A number read from a cell: its canonical digits (no sign) and whether it was negative. */
export interface ReadNumber {
  readonly digits: string
  readonly negative: boolean
}

// Currency signs, spaces and codes brokers write around amounts ("$1,234.50", "-€5", "12.5 USD").
const SIGNS_AND_SPACES = /[$€£¥₿\s\u00a0\u202f]/g
const CODES = /^[A-Z]{3,5}(?=[\d.(+-])|(?<=[\d.)])[A-Z]{2,10}$/g

/**
 * A number as a file writes it, under its decimal separator: thousands separators (the other
 * one of `.` and `,`, apostrophes, spaces), currency signs, a sign or accounting parentheses.
 * Exact: digits are kept as text, never through a binary float.
 */
export const readNumber = (text: string, decimal: "." | ","): ReadNumber | undefined => {
  let s = text.replace(SIGNS_AND_SPACES, "").replace(CODES, "")
  let negative = false
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true
    s = s.slice(1, -1)
  }
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = negative || s.startsWith("-")
    s = s.slice(1)
  }
  const thousands = decimal === "." ? /[,']/g : /['.]/g
  s = s.replace(thousands, "")
  if (decimal === ",") s = s.replace(",", ".")
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s)
  if (m === null || (m[1] === "" && (m[2] ?? "") === "")) return undefined
  let int = m[1] ?? ""
  let frac = m[2] ?? ""
  const exponent = Number(m[3] ?? 0)
  if (exponent > 0) {
    frac = frac.padEnd(exponent, "0")
    int += frac.slice(0, exponent)
    frac = frac.slice(exponent)
  } else if (exponent < 0) {
    int = int.padStart(-exponent + 1, "0")
    frac = int.slice(exponent) + frac
    int = int.slice(0, exponent)
  }
  int = int.replace(/^0+(?=\d)/, "") || "0"
  frac = frac.replace(/0+$/, "")
  const digits = frac === "" ? int : `${int}.${frac}`
  return { digits, negative: negative && digits !== "0" }
}

/** Which decimal separator a sample of numeric cells uses ("." unless the cells say ","). */
export const detectDecimal = (cells: ReadonlyArray<string>): "." | "," => {
  let comma = 0
  let dot = 0
  for (const raw of cells) {
    const s = raw.trim().replace(/[^\d.,]/g, "")
    if (!/\d/.test(s)) continue
    const lastComma = s.lastIndexOf(",")
    const lastDot = s.lastIndexOf(".")
    if (lastComma >= 0 && lastDot >= 0) {
      if (lastComma > lastDot) comma++
      else dot++
    } else if (lastComma >= 0) {
      // "1,234" reads as a thousands separator either way; "12,5" only as a decimal comma.
      if (s.length - lastComma - 1 !== 3 || s.indexOf(",") !== lastComma) comma++
    } else if (lastDot >= 0) {
      if (s.length - lastDot - 1 !== 3 || s.indexOf(".") !== lastDot) dot++
    }
  }
  return comma > dot ? "," : "."
}

const DATE = /^(\d{1,4})[-./](\d{1,2})[-./](\d{1,4})|^(\d{4})(\d{2})(\d{2})(?!\d)/
const TIME =
  /^(?:[T\s]+|,\s*)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(AM|PM|am|pm)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/

/** The year, month and day of a date's three parts in a format's order (or why not). */
const ordered = (
  format: DateFormat,
  a: string,
  b: string,
  c: string
): [number, number, number] | undefined => {
  if (format === "ymd") return a.length === 4 ? [Number(a), Number(b), Number(c)] : undefined
  if (c.length !== 4) return undefined
  return format === "dmy" ? [Number(c), Number(b), Number(a)] : [Number(c), Number(a), Number(b)]
}

/** The offset of a time zone at an instant, in minutes (remembered per zone and hour). */
const offsets = new Map<string, number>()
const formatters = new Map<string, Intl.DateTimeFormat>()
export const zoneOffset = (zone: string, ms: number): number => {
  if (zone === "UTC") return 0
  const hour = Math.floor(ms / 3_600_000)
  const key = `${zone}@${hour}`
  const known = offsets.get(key)
  if (known !== undefined) return known
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    })
    formatters.set(zone, f)
  }
  const p = Object.fromEntries(f.formatToParts(hour * 3_600_000).map((x) => [x.type, x.value]))
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second)
  )
  const minutes = Math.round((wall - hour * 3_600_000) / 60_000)
  if (offsets.size > 100_000) offsets.clear()
  offsets.set(key, minutes)
  return minutes
}

/** The instant of a wall-clock time in a zone (the earlier one when clocks go back). */
const fromWallClock = (zone: string, wall: number): number => {
  const first = wall - zoneOffset(zone, wall) * 60_000
  const second = wall - zoneOffset(zone, first) * 60_000
  return Math.min(first, second)
}

/** The calendar day of an instant in a zone, as YYYY-MM-DD. */
export const dayIn = (zone: string, ms: number): string =>
  new Date(ms + zoneOffset(zone, ms) * 60_000).toISOString().slice(0, 10)

/**
 * A date (and time) as a file writes it, in the format's order, as epoch milliseconds. A time
 * without an offset is read in `zone`; a date without a time is the start of that day there.
 */
export const readDate = (
  text: string,
  format: DateFormat,
  zone: string
): number | { readonly problem: string } => {
  const s = text.trim()
  const d = DATE.exec(s)
  const expected = format === "ymd" ? "YYYY-MM-DD" : format === "dmy" ? "DD.MM.YYYY" : "MM/DD/YYYY"
  if (d === null) return { problem: `Not a date in the form ${expected}` }
  const parts =
    d[4] !== undefined
      ? format === "ymd"
        ? ([Number(d[4]), Number(d[5]), Number(d[6])] as const)
        : undefined
      : ordered(format, d[1]!, d[2]!, d[3]!)
  if (parts === undefined) return { problem: `Not a date in the form ${expected}` }
  const [year, month, day] = parts
  const t = TIME.exec(s.slice(d[0].length))
  if (t === null && s.length > d[0].length) return { problem: "The time after the date is unclear" }
  let hour = Number(t?.[1] ?? 0)
  const minute = Number(t?.[2] ?? 0)
  const second = Number(t?.[3] ?? 0)
  const ms = Number((t?.[4] ?? "").padEnd(3, "0").slice(0, 3))
  const meridiem = t?.[5]?.toUpperCase()
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return { problem: "An hour with AM or PM must be 1 to 12" }
    hour = (hour % 12) + (meridiem === "PM" ? 12 : 0)
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  const check = new Date(wall)
  if (
    year < 1970 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { problem: "Not a real date and time (from 1970)" }
  }
  const zoneText = t?.[6]
  if (zoneText === undefined) return fromWallClock(zone, wall)
  if (zoneText === "Z" || zoneText === "UTC" || zoneText === "GMT") return wall
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zoneText)!
  const offset = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * (z[1] === "-" ? -1 : 1)
  return wall - offset * 60_000
}

/**
 * The formats all of a sample of date cells can be read in, best first: year first when the
 * year leads; day first when a first part exceeds 12; month first when a second one does; and,
 * when both read, day first where the decimal separator is a comma (continental Europe).
 */
export const detectDateFormat = (
  cells: ReadonlyArray<string>,
  decimal: "." | ","
): DateFormat | undefined => {
  const sample = cells.filter((c) => c.trim() !== "").slice(0, 200)
  if (sample.length === 0) return undefined
  const fits = (["ymd", "dmy", "mdy"] as const).filter((f) =>
    sample.every((c) => typeof readDate(c, f, "UTC") === "number")
  )
  if (fits.includes("ymd")) return "ymd"
  if (fits.length === 2) {
    const dotted = sample.some((c) => /^\d{1,2}\.\d{1,2}\./.test(c.trim()))
    return decimal === "," || dotted ? "dmy" : "mdy"
  }
  return fits[0]
}
