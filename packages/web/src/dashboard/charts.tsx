import "@mantine/charts/styles.css"
import { DonutChart, LineChart } from "@mantine/charts"
import { Text } from "@mantine/core"
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

export const AllocationChart = ({ holdings }: { readonly holdings: Holdings }) => {
  const slices = [
    ...holdings.items.map((h) => ({ name: h.symbol, value: h.marketValue })),
    ...holdings.cash.map((c) => ({ name: `Cash ${c.currency}`, value: c.marketValue }))
  ]
    .filter((h) => h.value !== null && Number(h.value) > 0)
    .map((h, i) => ({
      name: h.name,
      value: Number(h.value),
      color: palette[i % palette.length] ?? "gray.6"
    }))
  if (slices.length === 0) return <Text c="dimmed">Nothing held yet.</Text>
  return (
    <DonutChart
      data={slices}
      withLabelsLine={slices.length > 1}
      withLabels={slices.length > 1}
      labelsType="percent"
      size={200}
      thickness={30}
      valueFormatter={(v) => formatMoney(String(v), holdings.baseCurrency)}
      mx="auto"
      aria-label="Allocation by market value"
      role="img"
    />
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
