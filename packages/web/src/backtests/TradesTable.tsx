import type { BacktestTrade } from "@trading-app/domain"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime, formatPercent, signColor, toneStyle } from "../lib/format.js"

const REASONS: Record<BacktestTrade["exitReason"], string> = {
  signal: "Exit rule",
  stopLoss: "Stop loss",
  takeProfit: "Take profit",
  trailingStop: "Trailing stop",
  end: "End of test"
}

const price = (v: number) => v.toLocaleString(undefined, { maximumSignificantDigits: 8 })

/** The trades of a backtest, oldest first. */
export const TradesTable = ({ trades }: { readonly trades: ReadonlyArray<BacktestTrade> }) => (
  <DataTable label="Trades" minWidth={900}>
    <thead>
      <tr>
        <th>Instrument</th>
        <th>Entered</th>
        <th data-num>Entry price</th>
        <th>Left</th>
        <th data-num>Exit price</th>
        <th>Why</th>
        <th data-num>Bars</th>
        <th data-num>Profit</th>
        <th data-num>Return</th>
      </tr>
    </thead>
    <tbody>
      {trades.map((t) => {
        const ret = t.returnPercent.toFixed(6)
        return (
          <tr key={`${t.symbol}/${t.entryTime}`}>
            <td>{t.symbol}</td>
            <td>{formatDateTime(t.entryTime)}</td>
            <td data-num>{price(t.entryPrice)}</td>
            <td>{formatDateTime(t.exitTime)}</td>
            <td data-num>{price(t.exitPrice)}</td>
            <td>{REASONS[t.exitReason]}</td>
            <td data-num>{t.bars}</td>
            <td data-num style={toneStyle(signColor(ret))}>
              {t.pnl.toLocaleString(undefined, {
                maximumFractionDigits: 2,
                minimumFractionDigits: 2
              })}
            </td>
            <td data-num style={toneStyle(signColor(ret))}>
              {formatPercent(ret)}
            </td>
          </tr>
        )
      })}
    </tbody>
  </DataTable>
)
