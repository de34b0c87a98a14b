/**
 * Requests of the last minute on this replica, in six slots of ten seconds: how many, how many
 * answered 5xx, and a histogram of their durations. Small enough to report to the database
 * every few seconds, and mergeable across replicas (counts add up, percentiles come from the
 * merged histogram). No I/O: the caller gives the time.
 */

/** Upper bounds of the duration buckets, in milliseconds; one more bucket holds the rest. */
export const BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] as const

const SLOT_MS = 10_000
const SLOTS = 6

interface Slot {
  start: number
  requests: number
  errors: number
  readonly histogram: Array<number>
}

export interface RequestSummary {
  readonly requests: number
  readonly errors: number
  readonly histogram: ReadonlyArray<number>
}

export interface RequestWindow {
  readonly slots: ReadonlyArray<Slot>
}

const emptyHistogram = () => Array.from({ length: BOUNDS_MS.length + 1 }, () => 0)

export const makeRequestWindow = (): RequestWindow => ({
  slots: Array.from({ length: SLOTS }, () => ({
    start: -Infinity,
    requests: 0,
    errors: 0,
    histogram: emptyHistogram()
  }))
})

const addInto = (sum: Array<number>, counts: ReadonlyArray<number>) => {
  for (let i = 0; i < sum.length; i++) sum[i]! += counts[i] ?? 0
}

const bucketOf = (ms: number) => {
  const i = BOUNDS_MS.findIndex((bound) => ms <= bound)
  return i === -1 ? BOUNDS_MS.length : i
}

/** Counts one answered request at `nowMs`. */
export const recordRequest = (window: RequestWindow, nowMs: number, status: number, ms: number) => {
  const start = nowMs - (nowMs % SLOT_MS)
  const slot = window.slots[(start / SLOT_MS) % SLOTS] as Slot
  if (slot.start !== start) {
    slot.start = start
    slot.requests = 0
    slot.errors = 0
    slot.histogram.fill(0)
  }
  slot.requests++
  if (status >= 500) slot.errors++
  slot.histogram[bucketOf(ms)]!++
}

/** The requests of the minute before `nowMs` (the current slot and the five before it). */
export const summarize = (window: RequestWindow, nowMs: number): RequestSummary => {
  const oldest = nowMs - (nowMs % SLOT_MS) - (SLOTS - 1) * SLOT_MS
  const histogram = emptyHistogram()
  let requests = 0
  let errors = 0
  for (const slot of window.slots) {
    if (slot.start < oldest || slot.start > nowMs) continue
    requests += slot.requests
    errors += slot.errors
    addInto(histogram, slot.histogram)
  }
  return { requests, errors, histogram }
}

/** Several replicas' summaries as one. */
export const mergeSummaries = (summaries: ReadonlyArray<RequestSummary>): RequestSummary => {
  const histogram = emptyHistogram()
  for (const s of summaries) addInto(histogram, s.histogram)
  return {
    requests: summaries.reduce((sum, s) => sum + s.requests, 0),
    errors: summaries.reduce((sum, s) => sum + s.errors, 0),
    histogram
  }
}

/**
 * Rate, error share (percent, two decimals) and the 95th percentile as the upper bound of the
 * bucket it falls in (the last bound when beyond it; null without requests).
 */
export const figuresOf = (summary: RequestSummary) => {
  const { requests, errors, histogram } = summary
  let p95Ms: number | null = null
  if (requests > 0) {
    const rank = Math.ceil(requests * 0.95)
    let seen = 0
    for (const [i, n] of histogram.entries()) {
      seen += n
      if (seen >= rank) {
        p95Ms = BOUNDS_MS[Math.min(i, BOUNDS_MS.length - 1)]!
        break
      }
    }
  }
  return {
    perMinute: requests,
    errorRatePercent: requests === 0 ? 0 : Math.round((errors / requests) * 10_000) / 100,
    p95Ms
  }
}
