import type {
  CandleInterval,
  IndicatorSpec,
  InstrumentSymbol,
  Timestamp
} from "@trading-app/domain"
import { useEffect, useState } from "react"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"

/** Indicator lines the Markets chart can draw over its candles or in a pane below them. */
export interface Preset {
  readonly key: string
  readonly label: string
  /** Over the candles, or in a pane of its own below them (oscillators). */
  readonly below: boolean
  readonly lines: ReadonlyArray<{ readonly spec: IndicatorSpec; readonly color: string }>
}

export const PRESETS: ReadonlyArray<Preset> = [
  {
    key: "sma20",
    label: "SMA 20",
    below: false,
    lines: [{ spec: { indicator: "sma", period: 20 }, color: "#f08c00" }]
  },
  {
    key: "sma50",
    label: "SMA 50",
    below: false,
    lines: [{ spec: { indicator: "sma", period: 50 }, color: "#7048e8" }]
  },
  {
    key: "ema20",
    label: "EMA 20",
    below: false,
    lines: [{ spec: { indicator: "ema", period: 20 }, color: "#1c7ed6" }]
  },
  {
    key: "bollinger",
    label: "Bollinger 20, 2",
    below: false,
    lines: (["upper", "middle", "lower"] as const).map((line) => ({
      spec: { indicator: "bollinger", period: 20, deviations: 2, line },
      color: "#868e96"
    }))
  },
  {
    key: "vwap",
    label: "VWAP",
    below: false,
    lines: [{ spec: { indicator: "vwap" }, color: "#d6336c" }]
  },
  {
    key: "rsi",
    label: "RSI 14",
    below: true,
    lines: [{ spec: { indicator: "rsi", period: 14 }, color: "#7048e8" }]
  },
  {
    key: "macd",
    label: "MACD 12, 26, 9",
    below: true,
    lines: (
      [
        ["macd", "#1c7ed6"],
        ["signal", "#f08c00"]
      ] as const
    ).map(([line, color]) => ({
      spec: { indicator: "macd", fast: 12, slow: 26, signal: 9, line },
      color
    }))
  }
]

/** One line to draw: its points (null while it warms up), where, and how. */
export interface OverlayLine {
  readonly title: string
  readonly color: string
  /** 0: over the candles; 1, 2…: the panes below, one per oscillator. */
  readonly pane: number
  readonly times: ReadonlyArray<string>
  readonly values: ReadonlyArray<number | null>
}

const lineTitle = (preset: Preset, spec: IndicatorSpec) =>
  "line" in spec && preset.lines.length > 1 ? `${preset.label} ${spec.line}` : preset.label

/**
 * The chosen presets' lines over the candles from `from`, computed by the server on closed
 * candles (its indicators are the strategies' own). The client of that API loads with the first
 * choice, not with the page. Read again when `revision` moves (a new candle closed).
 */
export const useOverlays = (
  symbol: InstrumentSymbol,
  interval: CandleInterval,
  from: Timestamp | undefined,
  chosen: ReadonlyArray<string>,
  revision: string | undefined
) => {
  const [lines, setLines] = useState<ReadonlyArray<OverlayLine>>([])
  const [error, setError] = useState<string | null>(null)
  const key = chosen.join(",")

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `chosen`
  useEffect(() => {
    const presets = PRESETS.filter((p) => chosen.includes(p.key))
    if (presets.length === 0 || from === undefined) {
      setLines([])
      setError(null)
      return
    }
    const controller = new AbortController()
    const load = async () => {
      const { researchApi } = await import("../api/researchClient.js")
      let below = 0
      const panes = presets.map((p) => (p.below ? ++below : 0))
      const drawn = await Promise.all(
        presets.map(async (preset, n) => {
          const answer = await call(
            researchApi.indicators.lines({
              path: { symbol },
              payload: { interval, from, indicators: preset.lines.map((l) => l.spec) }
            }),
            controller.signal
          )
          return answer.lines.map(
            (line, i): OverlayLine => ({
              title: lineTitle(preset, line.indicator),
              color: preset.lines[i]?.color ?? "#868e96",
              pane: panes[n] ?? 0,
              times: answer.times,
              values: line.values
            })
          )
        })
      )
      return drawn.flat()
    }
    load().then(
      (loaded) => {
        if (controller.signal.aborted) return
        setLines(loaded)
        setError(null)
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(messageOf(e))
      }
    )
    return () => controller.abort()
  }, [symbol, interval, from, key, revision])

  return { lines, error }
}
