/**
 * The sliding-window estimate of a rate limit from two fixed one-minute windows: the current
 * window's count plus the previous window's, weighted by how much of it still overlaps the
 * last 60 seconds. Exact enough to enforce, with two counters per user instead of a log of
 * every request.
 */
export interface WindowCounts {
  /** Requests in the current minute, this one included. */
  readonly current: number
  /** Requests in the minute before. */
  readonly previous: number
  /** Seconds since the current minute began (0 ≤ elapsed < 60). */
  readonly elapsedSeconds: number
}

export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number }

const WINDOW = 60

export const estimate = ({ current, previous, elapsedSeconds }: WindowCounts) =>
  current + (previous * (WINDOW - elapsedSeconds)) / WINDOW

/**
 * Allowed while the estimate is within `limit`. Refused, it says how long until one more
 * request fits (assuming no more arrive): until the previous minute's weight has fallen far
 * enough, or, when the current minute alone is full, until the next minute, where this
 * minute's count then weighs in as the previous one.
 */
export const decide = (limit: number, counts: WindowCounts): Decision => {
  if (estimate(counts) <= limit) return { allowed: true }
  const { current, previous, elapsedSeconds } = counts
  const toNextMinute = WINDOW - elapsedSeconds
  let wait: number
  if (current < limit && previous > 0) {
    // previous · (60 − t) / 60 + current ≤ limit, solved for the instant t in this minute.
    wait = WINDOW - (WINDOW * (limit - current)) / previous - elapsedSeconds
  } else {
    // Next minute: current · (60 − t) / 60 ≤ limit − 1, solved for t there.
    wait = toNextMinute + Math.max(0, WINDOW - (WINDOW * (limit - 1)) / current)
  }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) }
}
