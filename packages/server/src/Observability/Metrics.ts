import { Effect, Metric, MetricBoundaries, MetricState } from "effect"
import { routeOf } from "../Http/Routes.js"
import { recordRequest as countInWindow, makeRequestWindow } from "../Operations/RequestWindow.js"

export const httpRequests = Metric.counter("http_requests_total", {
  description: "HTTP requests answered, by route, method and status",
  incremental: true
})

export const httpDuration = Metric.histogram(
  "http_request_duration_seconds",
  MetricBoundaries.fromIterable([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]),
  "Time to answer HTTP requests, by route, method and status"
)

export const librarianCalls = Metric.counter("librarian_calls_total", {
  description: "Questions sent to the Librarian, by outcome",
  incremental: true
})

/** The tagged metrics of one route, method and status, made once and reused. */
const recorders = new Map<string, (seconds: number) => Effect.Effect<void>>()

const recorderOf = (route: string, method: string, status: string) => {
  const tag = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>) =>
    Metric.tagged(
      Metric.tagged(Metric.tagged(metric, "route", route), "method", method),
      "status",
      status
    )
  const count = Metric.increment(tag(httpRequests))
  const duration = tag(httpDuration)
  return (seconds: number) => Effect.zipRight(count, Metric.update(duration, seconds))
}

/** This process's requests of the last minute, for the operations dashboard. */
export const requestWindow = makeRequestWindow()

/** Records one answered request (when the returned effect runs). */
export const recordRequest = (url: string, method: string, status: number, seconds: number) => {
  const route = routeOf(url)
  const key = `${route} ${method} ${status}`
  let record = recorders.get(key)
  if (record === undefined) {
    record = recorderOf(route, method, String(status))
    recorders.set(key, record)
  }
  return Effect.zipRight(
    Effect.sync(() => countInWindow(requestWindow, Date.now(), status, seconds * 1000)),
    record(seconds)
  )
}

const escape = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")
const labels = (tags: ReadonlyArray<{ key: string; value: string }>, extra = "") => {
  const all = [...tags.map((t) => `${t.key}="${escape(t.value)}"`), ...(extra ? [extra] : [])]
  return all.length === 0 ? "" : `{${all.join(",")}}`
}

/** Every Effect metric in the Prometheus text format (version 0.0.4). */
export const prometheusText = Effect.map(Metric.snapshot, (pairs) => {
  const byName = new Map<string, Array<string>>()
  const help = new Map<string, string>()
  for (const { metricKey: key, metricState: state } of pairs) {
    const lines = byName.get(key.name) ?? []
    byName.set(key.name, lines)
    const tags = key.tags
    if (MetricState.isCounterState(state)) {
      help.set(
        key.name,
        `# HELP ${key.name} ${key.description ?? key.name}\n# TYPE ${key.name} counter`
      )
      lines.push(`${key.name}${labels(tags)} ${Number(state.count)}`)
    } else if (MetricState.isGaugeState(state)) {
      help.set(
        key.name,
        `# HELP ${key.name} ${key.description ?? key.name}\n# TYPE ${key.name} gauge`
      )
      lines.push(`${key.name}${labels(tags)} ${Number(state.value)}`)
    } else if (MetricState.isHistogramState(state)) {
      help.set(
        key.name,
        `# HELP ${key.name} ${key.description ?? key.name}\n# TYPE ${key.name} histogram`
      )
      for (const [le, count] of state.buckets) {
        if (Number.isFinite(le))
          lines.push(`${key.name}_bucket${labels(tags, `le="${le}"`)} ${count}`)
      }
      lines.push(`${key.name}_bucket${labels(tags, 'le="+Inf"')} ${state.count}`)
      lines.push(`${key.name}_sum${labels(tags)} ${state.sum}`)
      lines.push(`${key.name}_count${labels(tags)} ${state.count}`)
    }
  }
  return [...byName].map(([name, lines]) => `${help.get(name)}\n${lines.join("\n")}`).join("\n")
})
