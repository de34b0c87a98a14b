import "@mantine/charts/styles.css"
import { DonutChart, LineChart } from "@mantine/charts"
import { ColorSwatch, Group, Stack, Text } from "@mantine/core"
import type { Holdings, Performance } from "@trading-app/domain"
import { formatMoney } from "../lib/format.js"

// Loaded on demand: the charting library is the heaviest part of the dashboard.

const palette = [
  "blue.6",
  "teal.6",
  "grape.6",
  "orange.6",
  "cyan.6",
  "pink.6",
  "lime.6",
  "indigo.6"
]

export type AllocationBy = "symbol" | "assetClass" | "currency"

const CLASS_LABELS: Record<string, string> = {
  crypto: "Crypto",
  equity: "Equities",
  etf: "ETFs",
  fx: "Currencies",
  cash: "Cash"
}

/** Market values grouped by security, asset class or currency (cash counted in each view). */
const slicesOf = (holdings: Holdings, by: AllocationBy) => {
  const groups = new Map<string, number>()
  const add = (name: string, value: string | null) => {
    if (value !== null && Number(value) > 0)
      groups.set(name, (groups.get(name) ?? 0) + Number(value))
  }
  for (const h of holdings.items)
    add(
      by === "symbol"
        ? h.symbol
        : by === "currency"
          ? (h.priceCurrency ?? "—")
          : (CLASS_LABELS[h.assetClass ?? ""] ?? "Other"),
      h.marketValue
    )
  for (const c of holdings.cash)
    add(
      by === "currency" ? c.currency : by === "symbol" ? `Cash ${c.currency}` : "Cash",
      c.marketValue
    )
  return [...groups]
    .sort(([, a], [, b]) => b - a)
    .map(([name, value], i) => ({ name, value, color: palette[i % palette.length] ?? "gray.6" }))
}

export const AllocationChart = ({
  holdings,
  by
}: {
  readonly holdings: Holdings
  readonly by: AllocationBy
}) => {
  const slices = slicesOf(holdings, by)
  if (slices.length === 0) return <Text c="dimmed">Nothing held yet.</Text>
  const total = slices.reduce((sum, s) => sum + s.value, 0)
  return (
    <Group justify="center" gap="xl" align="center">
      <DonutChart
        data={slices}
        size={180}
        thickness={28}
        valueFormatter={(v) => formatMoney(String(v), holdings.baseCurrency)}
        aria-hidden
      />
      <Stack gap={4} aria-label="Allocation by market value" role="list">
        {slices.map((s) => (
          <Group key={s.name} gap="xs" wrap="nowrap" role="listitem">
            <ColorSwatch color={`var(--mantine-color-${s.color.replace(".", "-")})`} size={12} />
            <Text size="sm" fw={600} miw={90}>
              {s.name}
            </Text>
            <Text size="sm" c="dimmed">
              {((s.value / total) * 100).toFixed(1)}% ·{" "}
              {formatMoney(String(s.value), holdings.baseCurrency)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Group>
  )
}

export type PerformanceView = "value" | "return"

const numberOrNull = (value: string | null | undefined) => (value == null ? null : Number(value))

export const PerformanceChart = ({
  performance,
  view
}: {
  readonly performance: Performance
  readonly view: PerformanceView
}) => {
  const longSpan = performance.interval !== "day"
  const benchmark = performance.benchmark
  const data = performance.points.map((p, i) => ({
    date: new Date(p.time).toLocaleDateString(undefined, {
      month: "short",
      day: longSpan ? undefined : "numeric",
      year: longSpan ? "2-digit" : undefined
    }),
    value: p.value === null ? null : Number(p.value),
    invested: Number(p.netContributions),
    twr: p.cumulativeReturnPercent === null ? null : Number(p.cumulativeReturnPercent),
    benchmark: numberOrNull(benchmark?.points[i]?.cumulativeReturnPercent)
  }))
  return view === "value" ? (
    <LineChart
      h={280}
      data={data}
      dataKey="date"
      series={[
        { name: "value", label: "Value", color: "blue.6" },
        { name: "invested", label: "Net invested", color: "gray.5" }
      ]}
      curveType="linear"
      withDots={false}
      withLegend
      connectNulls={false}
      valueFormatter={(v) => formatMoney(String(v), performance.baseCurrency)}
      aria-label="Portfolio value over time"
      role="img"
    />
  ) : (
    <LineChart
      h={280}
      data={data}
      dataKey="date"
      series={[
        { name: "twr", label: "Time-weighted return", color: "teal.6" },
        ...(benchmark ? [{ name: "benchmark", label: benchmark.symbol, color: "gray.6" }] : [])
      ]}
      curveType="linear"
      withDots={false}
      withLegend
      referenceLines={[{ y: 0, color: "gray.5" }]}
      valueFormatter={(v) => `${v.toFixed(2)}%`}
      aria-label="Time-weighted return over time"
      role="img"
    />
  )
}
