import "uplot/dist/uPlot.min.css"
import { useEffect, useRef } from "react"
import uPlot from "uplot"
import { formatDate, getDisplayTimeZone } from "../lib/format.js"

// Loaded on demand with its charting library (uPlot: small, for lines over time).

export interface ChartLine {
  readonly label: string
  readonly color: string
  readonly values: ReadonlyArray<number | null | undefined>
}

const HEIGHT = 280

/** Times in seconds, then each line's values (a gap where there is none). */
const dataOf = (
  times: ReadonlyArray<string>,
  lines: ReadonlyArray<ChartLine>
): uPlot.AlignedData => [
  times.map((t) => Date.parse(t) / 1000),
  ...lines.map((line) => line.values.map((v) => (v == null ? null : v)))
]

/**
 * Lines over time; the legend shows the figures under the cursor. The chart is drawn anew only
 * when `shape` changes (what it shows, the theme); new figures of the same shape replace its
 * data, keeping the cursor where it is.
 */
const LineChart = ({
  times,
  lines,
  figure,
  zeroLine = false,
  dark,
  shape,
  label,
  testId,
  height = HEIGHT
}: {
  readonly times: ReadonlyArray<string>
  readonly lines: ReadonlyArray<ChartLine>
  readonly figure: (value: number) => string
  /** A dashed line at zero. */
  readonly zeroLine?: boolean
  readonly dark: boolean
  readonly shape: string
  readonly label: string
  readonly testId?: string
  readonly height?: number
}) => {
  const container = useRef<HTMLElement>(null)
  const chart = useRef<uPlot | null>(null)
  const key = `${shape}|${dark}|${lines.map((l) => l.label).join(",")}`

  // biome-ignore lint/correctness/useExhaustiveDependencies: drawn anew when its shape changes
  useEffect(() => {
    const element = container.current
    if (element === null) return
    const text = dark ? "#c9c9c9" : "#333"
    const grid = dark ? "#2c2e33" : "#eee"
    const zone = getDisplayTimeZone()
    const shown = (v: number | null) => (v == null ? "—" : figure(v))
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height,
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
            value: (_u: uPlot, v: number | null) => shown(v)
          }))
        ],
        axes: [
          { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid } },
          {
            stroke: text,
            grid: { stroke: grid },
            ticks: { stroke: grid },
            size: 90,
            values: (_u, ticks) => ticks.map((v) => shown(v))
          }
        ],
        hooks: zeroLine
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
      dataOf(times, lines),
      element
    )
    chart.current = plot
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height }))
    resize.observe(element)
    return () => {
      resize.disconnect()
      plot.destroy()
      chart.current = null
    }
  }, [key])

  useEffect(() => {
    chart.current?.setData(dataOf(times, lines))
  }, [times, lines])

  return (
    <figure
      ref={container}
      style={{ margin: 0 }}
      aria-label={label}
      {...(testId === undefined ? {} : { "data-testid": testId })}
    ></figure>
  )
}

export default LineChart
