/** Presentation of the API's exact decimal strings and ISO timestamps. */

const numberFormats = new Map<string, Intl.NumberFormat>()
const numberFormat = (key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat => {
  let format = numberFormats.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat(undefined, options)
    numberFormats.set(key, format)
  }
  return format
}

// Intl formats decimal strings exactly (no float rounding) where the browser supports it.
const asNumeric = (value: string): number => value as unknown as number

export const formatMoney = (value: string | null | undefined, currency: string): string =>
  value == null
    ? "—"
    : numberFormat(`money:${currency}`, {
        style: "currency",
        currency,
        maximumFractionDigits: 2,
        minimumFractionDigits: 2
      }).format(asNumeric(value))

export const formatPrice = (value: string | null | undefined, currency?: string): string =>
  value == null
    ? "—"
    : numberFormat(`price:${currency ?? ""}`, {
        ...(currency ? { style: "currency", currency } : {}),
        maximumFractionDigits: 8,
        minimumFractionDigits: 2
      }).format(asNumeric(value))

/** A quantity, to 10 decimals (the ledger's), or fewer where a table is crowded. */
export const formatQuantity = (value: string | null | undefined, decimals = 10): string =>
  value == null
    ? "—"
    : numberFormat(`qty:${decimals}`, { maximumFractionDigits: decimals }).format(asNumeric(value))

/** A percentage given in percent ("12.5" → "+12.50%"). */
export const formatPercent = (value: string | null | undefined, signed = true): string =>
  value == null
    ? "—"
    : `${numberFormat(`pct:${signed}`, {
        maximumFractionDigits: 2,
        minimumFractionDigits: 2,
        signDisplay: signed ? "exceptZero" : "auto"
      }).format(asNumeric(value))}%`

/** The user's chosen time zone for date-times; undefined: the browser's own. */
let displayTimeZone: string | undefined

export const setDisplayTimeZone = (zone: string | null | undefined) => {
  displayTimeZone = zone ?? undefined
}

export const getDisplayTimeZone = (): string | undefined => displayTimeZone

export const formatDateTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(displayTimeZone === undefined ? {} : { timeZone: displayTimeZone })
  })

/** The time of day (with seconds) in the display time zone, for live figures of today. */
export const formatTime = (iso: string): string =>
  new Date(iso).toLocaleTimeString(undefined, {
    ...(displayTimeZone === undefined ? {} : { timeZone: displayTimeZone })
  })

export const formatDate = (iso: string): string =>
  new Date(iso).toLocaleDateString(undefined, {
    dateStyle: "medium",
    ...(displayTimeZone === undefined ? {} : { timeZone: displayTimeZone })
  })

/** True for a decimal string of zero ("0", "-0.000"). */
export const isZero = (value: string): boolean => /^-?0(\.0*)?$/.test(value)

/** Red for a loss, green for a gain, nothing for zero or unknown. */
export const signColor = (value: string | null | undefined): string | undefined =>
  value == null || isZero(value) ? undefined : value.startsWith("-") ? "red" : "teal"

/** An ISO timestamp as the value of an <input type="datetime-local"> in local time. */
export const toLocalInput = (iso: string): string => {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The value of an <input type="datetime-local"> (local time) as an ISO timestamp, or "" if empty. */
export const fromLocalInput = (local: string): string => {
  if (local === "") return ""
  const d = new Date(local)
  return Number.isNaN(d.getTime()) ? local : d.toISOString()
}

/** The text colour of a Mantine colour name, for plain elements. */
export const toneStyle = (color: string | undefined): { color?: string } =>
  color === undefined ? {} : { color: `var(--mantine-color-${color}-text)` }

/** The instant a local calendar day (yyyy-mm-dd) starts, `plusDays` later, as ISO 8601. */
export const localDayStart = (day: string, plusDays = 0): string => {
  const d = new Date(`${day}T00:00:00`)
  d.setDate(d.getDate() + plusDays)
  return d.toISOString()
}
