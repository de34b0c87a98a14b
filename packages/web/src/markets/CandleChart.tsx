import type { CandleSeries } from "@trading-app/domain"
import {
  CandlestickSeries,
  ColorType,
  createChart,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp
} from "lightweight-charts"
import { useEffect, useRef } from "react"

const bars = (series: CandleSeries) =>
  series.items.map((c) => ({
    time: (Date.parse(c.time) / 1000) as UTCTimestamp,
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close)
  }))

/** A candlestick chart (loaded on demand with its library); follows the colour scheme. */
const CandleChart = ({
  series,
  dark
}: {
  readonly series: CandleSeries
  readonly dark: boolean
}) => {
  const container = useRef<HTMLDivElement>(null)
  const chart = useRef<IChartApi | null>(null)
  const candles = useRef<ISeriesApi<"Candlestick"> | null>(null)
  const shown = useRef<string | null>(null)

  useEffect(() => {
    const element = container.current
    if (element === null) return
    const instance = createChart(element, { autoSize: true, height: 360 })
    chart.current = instance
    candles.current = instance.addSeries(CandlestickSeries, {
      upColor: "#12b886",
      downColor: "#fa5252",
      borderVisible: false,
      wickUpColor: "#12b886",
      wickDownColor: "#fa5252"
    })
    return () => {
      instance.remove()
      chart.current = null
      candles.current = null
      shown.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: "transparent" },
        textColor: dark ? "#c9c9c9" : "#333"
      },
      grid: {
        vertLines: { color: dark ? "#2c2e33" : "#eee" },
        horzLines: { color: dark ? "#2c2e33" : "#eee" }
      },
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

  return (
    <div
      ref={container}
      style={{ width: "100%", height: 360 }}
      role="img"
      aria-label={`${series.symbol} candlestick chart, ${series.interval} candles`}
      data-testid="candle-chart"
    />
  )
}

export default CandleChart
