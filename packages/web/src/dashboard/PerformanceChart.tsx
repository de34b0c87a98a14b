import type { Performance } from "@trading-app/domain"
import { useMemo } from "react"
import LineChart, { type ChartLine } from "../components/LineChart.js"
import { formatMoney } from "../lib/format.js"

// Loaded on demand with its charting library.

export type PerformanceView = "value" | "return"

const numbers = (values: ReadonlyArray<string | null | undefined>) =>
  values.map((v) => (v == null ? null : Number(v)))

/** The lines of a view: value against net invested, or the return against the benchmark. */
const linesOf = (performance: Performance, view: PerformanceView): ReadonlyArray<ChartLine> => {
  const points = performance.points
  if (view === "value")
    return [
      { label: "Value", color: "#228be6", values: numbers(points.map((p) => p.value)) },
      {
        label: "Net invested",
        color: "#868e96",
        values: numbers(points.map((p) => p.netContributions))
      }
    ]
  const benchmark = performance.benchmark
  return [
    {
      label: "Time-weighted return",
      color: "#0ca678",
      values: numbers(points.map((p) => p.cumulativeReturnPercent))
    },
    ...(benchmark
      ? [
          {
            label: benchmark.symbol,
            color: "#868e96",
            values: numbers(points.map((_, i) => benchmark.points[i]?.cumulativeReturnPercent))
          }
        ]
      : [])
  ]
}

/** The portfolio's value or return over time; the legend shows the figures under the cursor. */
const PerformanceChart = ({
  performance,
  view,
  dark
}: {
  readonly performance: Performance
  readonly view: PerformanceView
  readonly dark: boolean
}) => {
  const lines = useMemo(() => linesOf(performance, view), [performance, view])
  const times = useMemo(() => performance.points.map((p) => p.time), [performance])
  return (
    <LineChart
      times={times}
      lines={lines}
      figure={(v) =>
        view === "value" ? formatMoney(String(v), performance.baseCurrency) : `${v.toFixed(2)}%`
      }
      zeroLine={view === "return"}
      dark={dark}
      shape={`${view}|${performance.baseCurrency}`}
      label={view === "value" ? "Portfolio value over time" : "Time-weighted return over time"}
      testId="performance-chart"
    />
  )
}

export default PerformanceChart
