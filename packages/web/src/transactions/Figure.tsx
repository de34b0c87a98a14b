import { formatMoney, formatPrice } from "../lib/format.js"

const formats = new Map<string, Intl.NumberFormat>()

/**
 * A price shown in a crowded table: 2 decimals from 1,000 up, 4 from 1, 8 below (a bot's fills
 * have 10).
 */
const tablePrice = (value: string, currency: string | undefined) => {
  const size = Math.abs(Number(value))
  const digits = size >= 1000 ? 2 : size >= 1 ? 4 : 8
  const key = `${currency ?? ""}:${digits}`
  let format = formats.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat(undefined, {
      ...(currency ? { style: "currency", currency } : {}),
      maximumFractionDigits: digits,
      minimumFractionDigits: 2
    })
    formats.set(key, format)
  }
  // Intl formats decimal strings exactly where the browser supports it.
  return format.format(value as unknown as number)
}

/** A figure cell: money at its currency's precision, a price shortened; exact in the title. */
export const Figure = ({
  value,
  currency,
  money = false
}: {
  readonly value: string | null | undefined
  readonly currency: string | null | undefined
  readonly money?: boolean
}) => (
  <td data-num title={value == null ? undefined : formatPrice(value, currency ?? undefined)}>
    {value == null
      ? "—"
      : money && currency
        ? formatMoney(value, currency)
        : tablePrice(value, currency ?? undefined)}
  </td>
)
