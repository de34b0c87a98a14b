import type { CandleSeries } from "@trading-app/domain"
import {
  type AutoscaleInfo,
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  LineSeries,
  LineStyle,
  type Time,
  type UTCTimestamp
} from "lightweight-charts"
import { useEffect, useRef } from "react"
import { chartTheme } from "../lib/chartTheme.js"
import type { OverlayLine } from "./overlays.js"

const PRICE_HEIGHT = 360
const PANE_HEIGHT = 120

const points = (line: OverlayLine) =>
  line.times.flatMap((time, i) => {
    const value = line.values[i]
    return value === null || value === undefined
      ? []
      : [{ time: (Date.parse(time) / 1000) as UTCTimestamp, value }]
  })

const bars = (series: CandleSeries) =>
  series.items.map((c) => ({
    time: (Date.parse(c.time) / 1000) as UTCTimestamp,
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close)
  }))

/** A trade to mark on the chart: a buy below its candle, a sale above it. */
export interface TradeMarker {
  readonly time: string
  readonly side: "buy" | "sell"
  readonly label: string
}

/** The candle a time falls in: markers sit on candle times. */
const candleTime = (series: CandleSeries, iso: string): UTCTimestamp => {
  const t = Date.parse(iso)
  let at = series.items[0] === undefined ? t : Date.parse(series.items[0].time)
  for (const c of series.items) {
    const start = Date.parse(c.time)
    if (start > t) break
    at = start
  }
  return (at / 1000) as UTCTimestamp
}

/** A price to draw across the chart (a grid's order, its take-profit). */
export interface PriceLevel {
  readonly price: number
  readonly title: string
  readonly color: string
}

/** The chart in words, for screen readers: what it shows and what is drawn over it. */
const describe = (
  series: CandleSeries,
  overlays: ReadonlyArray<OverlayLine>,
  levels: ReadonlyArray<PriceLevel>
) => {
  const lines = [...new Set(overlays.map((o) => o.title))]
  return [
    `${series.symbol} candlestick chart, ${series.interval} candles`,
    ...(lines.length > 0 ? [`with ${lines.join(", ")}`] : []),
    ...(levels.length > 0 ? [`${levels.length} price levels`] : [])
  ].join(", ")
}

/** A candlestick chart (loaded on demand with its library); follows the colour scheme. */
const CandleChart = ({
  series,
  dark,
  markers = [],
  overlays = [],
  levels = []
}: {
  readonly series: CandleSeries
  readonly dark: boolean
  readonly markers?: ReadonlyArray<TradeMarker>
  /** Indicator lines over the candles (pane 0) or in panes below them. */
  readonly overlays?: ReadonlyArray<OverlayLine>
  /** Prices drawn across the chart as dashed lines. */
  readonly levels?: ReadonlyArray<PriceLevel>
}) => {
  const container = useRef<HTMLElement>(null)
  const chart = useRef<IChartApi | null>(null)
  const candles = useRef<ISeriesApi<"Candlestick"> | null>(null)
  const shown = useRef<string | null>(null)
  const marks = useRef<ISeriesMarkersPluginApi<Time> | null>(null)
  const lines = useRef<Array<ISeriesApi<"Line">>>([])
  const priceLines = useRef<Array<IPriceLine>>([])
  const panes = Math.max(0, ...overlays.map((o) => o.pane))
  const height = PRICE_HEIGHT + panes * PANE_HEIGHT

  useEffect(() => {
    const element = container.current
    if (element === null) return
    const instance = createChart(element, { autoSize: true, height: PRICE_HEIGHT })
    chart.current = instance
    candles.current = instance.addSeries(CandlestickSeries, {
      upColor: "#12b886",
      downColor: "#fa5252",
      borderVisible: false,
      wickUpColor: "#12b886",
      wickDownColor: "#fa5252"
    })
    marks.current = createSeriesMarkers(candles.current, [])
    return () => {
      instance.remove()
      chart.current = null
      candles.current = null
      marks.current = null
      shown.current = null
      lines.current = []
      priceLines.current = []
    }
  }, [])

  useEffect(() => {
    chart.current?.applyOptions({
      ...chartTheme(dark),
      timeScale: { timeVisible: series.interval !== "1d" && series.interval !== "1w" }
    })
  }, [dark, series.interval])

  useEffect(() => {
    candles.current?.setData(bars(series))
    // Fit only when another symbol or interval is shown, not on every live update.
    const key = `${series.symbol}/${series.interval}`
    if (shown.current !== key) {
      chart.current?.timeScale().fitContent()
      shown.current = key
    }
  }, [series])

  useEffect(() => {
    marks.current?.setMarkers(
      markers
        .map((m) => ({
          time: candleTime(series, m.time),
          position: m.side === "buy" ? ("belowBar" as const) : ("aboveBar" as const),
          color: m.side === "buy" ? "#12b886" : "#fa5252",
          shape: m.side === "buy" ? ("arrowUp" as const) : ("arrowDown" as const),
          text: m.label
        }))
        .sort((a, b) => a.time - b.time)
    )
  }, [series, markers])

  useEffect(() => {
    const instance = chart.current
    if (instance === null) return
    for (const line of lines.current) instance.removeSeries(line)
    lines.current = overlays.map((overlay) => {
      const line = instance.addSeries(
        LineSeries,
        {
          color: overlay.color,
          lineWidth: 1,
          title: overlay.title,
          priceLineVisible: false,
          crosshairMarkerVisible: false
        },
        overlay.pane
      )
      line.setData(points(overlay))
      return line
    })
    instance.panes().forEach((pane, i) => {
      if (i > 0) pane.setHeight(PANE_HEIGHT)
    })
  }, [overlays])

  useEffect(() => {
    const series = candles.current
    if (series === null) return
    for (const line of priceLines.current) series.removePriceLine(line)
    // The scale reaches every level, so a grid's deepest order is on screen.
    const prices = levels.map((l) => l.price)
    series.applyOptions({
      autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
        const range = original()
        if (range === null || range.priceRange === null || prices.length === 0) return range
        return {
          ...range,
          priceRange: {
            minValue: Math.min(range.priceRange.minValue, ...prices),
            maxValue: Math.max(range.priceRange.maxValue, ...prices)
          }
        }
      }
    })
    priceLines.current = levels.map((level) =>
      series.createPriceLine({
        price: level.price,
        color: level.color,
        title: level.title,
        lineWidth: 1,
        lineStyle: LineStyle.Dashed,
        axisLabelVisible: true
      })
    )
  }, [levels])

  return (
    <figure
      ref={container}
      style={{ width: "100%", height, margin: 0 }}
      aria-label={describe(series, overlays, levels)}
      data-testid="candle-chart"
    ></figure>
  )
}

export default CandleChart
