import { Switch, Text } from "@mantine/core"
import type { Holdings } from "@trading-app/domain"
import { useState } from "react"
import { DataTable } from "../components/DataTable.js"
import {
  formatMoney,
  formatPercent,
  formatPrice,
  formatQuantity,
  isZero,
  signColor,
  toneStyle
} from "../lib/format.js"

export const HoldingsTable = ({ holdings }: { readonly holdings: Holdings }) => {
  const [showClosed, setShowClosed] = useState(false)
  const currency = holdings.baseCurrency
  const open = holdings.items.filter((h) => !isZero(h.quantity))
  const closed = holdings.items.length - open.length
  const rows = showClosed ? holdings.items : open
  return (
    <>
      {closed > 0 && (
        <Switch
          label={`Show ${closed} closed position${closed === 1 ? "" : "s"}`}
          checked={showClosed}
          onChange={(e) => setShowClosed(e.currentTarget.checked)}
        />
      )}
      <DataTable label="Holdings" minWidth={760}>
        <thead>
          <tr>
            <th>Instrument</th>
            <th data-num>Quantity</th>
            <th data-num>Price</th>
            <th data-num>Value</th>
            <th data-num>Unrealized P&L</th>
            <th data-num>Day</th>
            <th data-num>Realized (net)</th>
            <th data-num>Weight</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((h) => (
            <tr key={h.symbol}>
              <td>
                <Text size="sm" fw={600}>
                  {h.symbol}
                </Text>
                <Text size="xs" c="dimmed" truncate maw={180}>
                  {h.name}
                </Text>
              </td>
              <td data-num>{formatQuantity(h.quantity)}</td>
              <td data-num>
                {h.problems.length > 0 ? (
                  <Text size="sm" c="orange" title={h.problems.map((p) => p.message).join(" ")}>
                    unavailable
                  </Text>
                ) : (
                  formatPrice(h.latestPrice, h.priceCurrency ?? undefined)
                )}
              </td>
              <td data-num>{formatMoney(h.marketValue, currency)}</td>
              <td data-num style={toneStyle(signColor(h.unrealizedPnl))}>
                {formatMoney(h.unrealizedPnl, currency)}
                <Text size="xs" c={signColor(h.unrealizedPnl)}>
                  {formatPercent(h.unrealizedPnlPercent)}
                </Text>
              </td>
              <td data-num style={toneStyle(signColor(h.dayChangePercent))}>
                {formatPercent(h.dayChangePercent)}
              </td>
              <td data-num style={toneStyle(signColor(h.realizedPnlNet))}>
                {formatMoney(h.realizedPnlNet, currency)}
              </td>
              <td data-num>{formatPercent(h.weightPercent, false)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  )
}
