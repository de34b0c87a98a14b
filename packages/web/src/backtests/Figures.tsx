import { Paper, SimpleGrid, Text } from "@mantine/core"
import type { BacktestMetrics } from "@trading-app/domain"
import { formatMoney, formatPercent, signColor, toneStyle } from "../lib/format.js"

const number = (v: number | null, digits = 2) =>
  v === null
    ? "—"
    : v.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits })
const percent = (v: number | null, signed = true) =>
  v === null ? "—" : formatPercent(v.toFixed(6), signed)

/** Every figure of a report, labelled, with gains green and losses red. */
export const Figures = ({
  metrics,
  currency
}: {
  readonly metrics: BacktestMetrics
  readonly currency: string
}) => {
  const money = (v: number | null) => (v === null ? "—" : formatMoney(v.toFixed(2), currency))
  const signed = (v: number | null) => signColor(v === null ? null : v.toFixed(6))
  const figures: ReadonlyArray<readonly [string, string, string | undefined]> = [
    ["Return", percent(metrics.totalReturnPercent), signed(metrics.totalReturnPercent)],
    ["Buy and hold", percent(metrics.buyAndHoldPercent), signed(metrics.buyAndHoldPercent)],
    ["CAGR", percent(metrics.cagrPercent), signed(metrics.cagrPercent)],
    ["End equity", money(metrics.endEquity), undefined],
    ["Max drawdown", percent(-metrics.maxDrawdownPercent), signed(-metrics.maxDrawdownPercent)],
    ["Drawdown length", `${number(metrics.maxDrawdownDays, 1)} days`, undefined],
    ["Volatility", percent(metrics.volatilityPercent, false), undefined],
    ["Sharpe", number(metrics.sharpe), undefined],
    ["Sortino", number(metrics.sortino), undefined],
    ["Calmar", number(metrics.calmar), undefined],
    ["Exposure", percent(metrics.exposurePercent, false), undefined],
    ["Trades", String(metrics.trades), undefined],
    ["Win rate", percent(metrics.winRatePercent, false), undefined],
    ["Profit factor", number(metrics.profitFactor), undefined],
    ["Expectancy", money(metrics.expectancy), signed(metrics.expectancy)],
    ["Average trade", percent(metrics.averageTradePercent), signed(metrics.averageTradePercent)],
    ["Best trade", percent(metrics.bestTradePercent), signed(metrics.bestTradePercent)],
    ["Worst trade", percent(metrics.worstTradePercent), signed(metrics.worstTradePercent)]
  ]
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs" component="dl" m={0}>
      {figures.map(([label, value, color]) => (
        <Paper key={label} withBorder p="xs">
          <Text component="dt" size="xs" c="dimmed">
            {label}
          </Text>
          <Text component="dd" m={0} fw={600} style={toneStyle(color)}>
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  )
}
