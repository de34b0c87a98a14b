import "uplot/dist/uPlot.min.css"
import type { Performance } from "@trading-app/domain"
import { useEffect, useRef } from "react"
import uPlot from "uplot"
import { formatDate, formatMoney, getDisplayTimeZone } from "../lib/format.js"

// Loaded on demand with its charting library (uPlot: small, for lines over time).

export type PerformanceView = "value" | "return"

interface Line {
  readonly label: string
  readonly color: string
  readonly values: ReadonlyArray<string | null | undefined>
}

/** The lines of a view: value against net invested, or the return against the benchmark. */
const linesOf = (performance: Performance, view: PerformanceView): ReadonlyArray<Line> => {
  const points = performance.points
  if (view === "value")
    return [
      { label: "Value", color: "#228be6", values: points.map((p) => p.value) },
      { label: "Net invested", color: "#868e96", values: points.map((p) => p.netContributions) }
    ]
  const benchmark = performance.benchmark
  return [
    {
      label: "Time-weighted return",
      color: "#0ca678",
      values: points.map((p) => p.cumulativeReturnPercent)
    },
    ...(benchmark
      ? [
          {
            label: benchmark.symbol,
            color: "#868e96",
            values: points.map((_, i) => benchmark.points[i]?.cumulativeReturnPercent)
          }
        ]
      : [])
  ]
}

const HEIGHT = 280

/** The chart's data: times in seconds, then each line's values (a gap where there is none). */
const dataOf = (performance: Performance, lines: ReadonlyArray<Line>): uPlot.AlignedData => [
  performance.points.map((p) => Date.parse(p.time) / 1000),
  ...lines.map((line) => line.values.map((v) => (v == null ? null : Number(v))))
]

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
  const container = useRef<HTMLElement>(null)
  const chart = useRef<uPlot | null>(null)
  const lines = linesOf(performance, view)
  // The chart is drawn anew only when what it shows changes (view, theme, currency, lines); a
  // live update of the figures replaces its data, keeping the cursor where it is.
  const shape = `${view}|${dark}|${performance.baseCurrency}|${lines.map((l) => l.label).join(",")}`

  // biome-ignore lint/correctness/useExhaustiveDependencies: drawn anew when its shape changes
  useEffect(() => {
    const element = container.current
    if (element === null) return
    const figure = (v: number | null) =>
      v == null
        ? "—"
        : view === "value"
          ? formatMoney(String(v), performance.baseCurrency)
          : `${v.toFixed(2)}%`
    const text = dark ? "#c9c9c9" : "#333"
    const grid = dark ? "#2c2e33" : "#eee"
    const zone = getDisplayTimeZone()
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT,
        ...(zone === undefined
          ? {}
          : { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1e3), zone) }),
        cursor: { drag: { x: false, y: false } },
        series: [
          {
            label: "Date",
            value: (_u, ts) => (ts == null ? "" : formatDate(new Date(ts * 1e3).toISOString()))
          },
          ...lines.map((line) => ({
            label: line.label,
            stroke: line.color,
            width: 2,
            value: (_u: uPlot, v: number | null) => figure(v)
          }))
        ],
        axes: [
          { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid } },
          {
            stroke: text,
            grid: { stroke: grid },
            ticks: { stroke: grid },
            size: 90,
            values: (_u, ticks) => ticks.map((v) => figure(v))
          }
        ],
        // The return view's zero line.
        hooks:
          view === "return"
            ? {
                draw: [
                  (u) => {
                    const y = Math.round(u.valToPos(0, "y", true))
                    if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return
                    u.ctx.save()
                    u.ctx.strokeStyle = dark ? "#5c5f66" : "#adb5bd"
                    u.ctx.setLineDash([4, 4])
                    u.ctx.beginPath()
                    u.ctx.moveTo(u.bbox.left, y)
                    u.ctx.lineTo(u.bbox.left + u.bbox.width, y)
                    u.ctx.stroke()
                    u.ctx.restore()
                  }
                ]
              }
            : {}
      },
      dataOf(performance, lines),
      element
    )
    chart.current = plot
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: element.clientWidth, height: HEIGHT })
    )
    resize.observe(element)
    return () => {
      resize.disconnect()
      plot.destroy()
      chart.current = null
    }
  }, [shape])

  // biome-ignore lint/correctness/useExhaustiveDependencies: new figures of the same shape
  useEffect(() => {
    chart.current?.setData(dataOf(performance, lines))
  }, [performance])

  return (
    <figure
      ref={container}
      style={{ margin: 0 }}
      aria-label={view === "value" ? "Portfolio value over time" : "Time-weighted return over time"}
      data-testid="performance-chart"
    ></figure>
  )
}

export default PerformanceChart
