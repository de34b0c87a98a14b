import { Anchor, Switch, Text } from "@mantine/core"
import type { Holding, Holdings } from "@trading-app/domain"
import { useState } from "react"
import { Link } from "react-router"
import { DataTable } from "../components/DataTable.js"
import { SortHeader } from "../components/SortHeader.js"
import {
  formatMoney,
  formatPercent,
  formatPrice,
  formatQuantity,
  isZero,
  signColor,
  toneStyle
} from "../lib/format.js"

type Column = keyof Pick<
  Holding,
  | "symbol"
  | "quantity"
  | "costBasis"
  | "marketValue"
  | "unrealizedPnl"
  | "dayChange"
  | "realizedPnlNet"
  | "income"
  | "weightPercent"
>
const HEADERS: ReadonlyArray<readonly [Column, string]> = [
  ["symbol", "Instrument"],
  ["quantity", "Quantity"],
  ["costBasis", "Cost basis"],
  ["marketValue", "Value"],
  ["unrealizedPnl", "Unrealized"],
  ["dayChange", "Day"],
  ["realizedPnlNet", "Realized"],
  ["income", "Income"],
  ["weightPercent", "Weight"]
]

interface Sort {
  readonly column: Column
  readonly descending: boolean
}

/** Rows in a column's order; figures by value (for ordering only), unknown ones last. */
const sorted = (rows: ReadonlyArray<Holding>, { column, descending }: Sort) =>
  [...rows].sort((a, b) => {
    const x = a[column]
    const y = b[column]
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    const order = column === "symbol" ? x.localeCompare(y) : Number(x) - Number(y)
    return descending ? -order : order
  })

const Money = ({
  value,
  currency,
  signed
}: {
  value: string | null
  currency: string
  signed?: boolean
}) => (
  <td data-num style={signed ? toneStyle(signColor(value)) : undefined}>
    {formatMoney(value, currency)}
  </td>
)

/**
 * Every figure of each position, sortable by any column, with a row per cash currency. Symbols
 * link to the position's page unless `linkPositions` is false (another user's holdings).
 */
export const HoldingsTable = ({
  holdings,
  linkPositions = true
}: {
  readonly holdings: Holdings
  readonly linkPositions?: boolean
}) => {
  const [showClosed, setShowClosed] = useState(false)
  const [sort, setSort] = useState<Sort>({ column: "marketValue", descending: true })
  const currency = holdings.baseCurrency
  const open = holdings.items.filter((h) => !isZero(h.quantity))
  const closed = holdings.items.length - open.length
  const rows = sorted(showClosed ? holdings.items : open, sort)
  return (
    <>
      {closed > 0 && (
        <Switch
          label={`Show ${closed} closed position${closed === 1 ? "" : "s"}`}
          checked={showClosed}
          onChange={(e) => setShowClosed(e.currentTarget.checked)}
        />
      )}
      <DataTable label="Holdings" minWidth={960}>
        <thead>
          <tr>
            {HEADERS.map(([column, label]) => {
              const active = sort.column === column
              return (
                <SortHeader
                  key={column}
                  label={label}
                  active={active}
                  descending={sort.descending}
                  numeric={column !== "symbol"}
                  onSort={() =>
                    setSort({ column, descending: active ? !sort.descending : column !== "symbol" })
                  }
                />
              )
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((h) => (
            <tr key={h.symbol}>
              <td>
                {linkPositions ? (
                  <Anchor
                    component={Link}
                    to={`/positions/${encodeURIComponent(h.symbol)}`}
                    size="sm"
                    fw={600}
                  >
                    {h.symbol}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={600}>
                    {h.symbol}
                  </Text>
                )}
                <Text size="xs" c="dimmed" truncate maw={180}>
                  {h.problems.length > 0 ? (
                    <Text span c="orange" title={h.problems.map((p) => p.message).join(" ")}>
                      price unavailable
                    </Text>
                  ) : (
                    `${h.name ?? ""} · ${formatPrice(h.latestPrice, h.priceCurrency ?? undefined)}`
                  )}
                </Text>
              </td>
              <td data-num>{formatQuantity(h.quantity)}</td>
              <td data-num>
                {formatMoney(h.costBasis, currency)}
                <Text size="xs" c="dimmed">
                  {h.averageCost === null ? "" : `avg ${formatMoney(h.averageCost, currency)}`}
                </Text>
              </td>
              <Money value={h.marketValue} currency={currency} />
              <td data-num style={toneStyle(signColor(h.unrealizedPnl))}>
                {formatMoney(h.unrealizedPnl, currency)}
                <Text size="xs" c={signColor(h.unrealizedPnl)}>
                  {formatPercent(h.unrealizedPnlPercent)}
                </Text>
              </td>
              <td data-num style={toneStyle(signColor(h.dayChange))}>
                {formatMoney(h.dayChange, currency)}
                <Text size="xs" c={signColor(h.dayChange)}>
                  {formatPercent(h.dayChangePercent)}
                </Text>
              </td>
              <Money value={h.realizedPnlNet} currency={currency} signed />
              <Money value={h.income} currency={currency} />
              <td data-num>{formatPercent(h.weightPercent, false)}</td>
            </tr>
          ))}
          {holdings.cash.map((c) => (
            <tr key={`cash-${c.currency}`}>
              <td>
                <Text size="sm" fw={600}>
                  Cash {c.currency}
                </Text>
                {c.problems.length > 0 && (
                  <Text size="xs" c="orange">
                    {c.problems.map((p) => p.message).join(" ")}
                  </Text>
                )}
              </td>
              <td
                data-num
                style={toneStyle(signColor(c.balance.startsWith("-") ? c.balance : null))}
              >
                {formatPrice(c.balance, c.currency)}
              </td>
              <Money value={c.costBasis} currency={currency} />
              <Money value={c.marketValue} currency={currency} />
              <Money value={c.unrealizedPnl} currency={currency} signed />
              <Money value={c.dayChange} currency={currency} signed />
              <td data-num>—</td>
              <td data-num>—</td>
              <td data-num>{formatPercent(c.weightPercent, false)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  )
}
