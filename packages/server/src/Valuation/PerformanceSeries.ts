import type { Amount, PerformanceInterval, Timestamp } from "@trading-app/domain"
import { timestampOf } from "@trading-app/domain"
import { type Fixed, fromNumber, ONE, toNumber, ZERO } from "./Fixed.js"
import { amount, percentage } from "./Holdings.js"
import { maxDrawdown, xirr } from "./Returns.js"
import type { ValueSeries } from "./Series.js"

const DAY = 86_400_000

/** The instants a range is valued at: its start, every UTC midnight inside it, and its end. */
export const valuationTimes = (from: number, to: number): Array<number> => {
  const times = [from]
  for (let t = Math.floor(from / DAY) * DAY + DAY; t < to; t += DAY) times.push(t)
  times.push(to)
  return times
}

/** Whether a UTC midnight starts a period: any day, Mondays, or the first of a month, quarter or year. */
const isBoundary = (time: number, interval: PerformanceInterval) => {
  if (interval === "day") return true
  const date = new Date(time)
  if (interval === "week") return date.getUTCDay() === 1
  if (date.getUTCDate() !== 1) return false
  const month = date.getUTCMonth()
  return interval === "month" || (interval === "quarter" ? month % 3 === 0 : month === 0)
}

/** The indexes of the times shown at an interval: period boundaries, the first and the last. */
export const sampleTimes = (
  times: ReadonlyArray<number>,
  interval: PerformanceInterval
): Array<number> =>
  times.flatMap((t, i) =>
    i === 0 || i === times.length - 1 || (t % DAY === 0 && isBoundary(t, interval)) ? [i] : []
  )

/**
 * The default spacing, always within the limit of points: days up to a year, weeks up to seven
 * years, months up to thirty, quarters beyond (every range since 1970 fits).
 */
export const defaultInterval = (spanMs: number): PerformanceInterval =>
  spanMs <= 366 * DAY
    ? "day"
    : spanMs <= 7 * 366 * DAY
      ? "week"
      : spanMs <= 30 * 366 * DAY
        ? "month"
        : "quarter"

/** The summary figures and shown points of a value series. */
export const summarise = (series: ValueSeries, shown: ReadonlyArray<number>) => {
  const { times, values, contributions, index } = series
  const last = times.length - 1
  const invested = values.some((v) => v !== ZERO)
  const flows = [{ time: times[0]!, amount: -toNumber(values[0]!) }]
  for (let i = 1; i <= last; i++) {
    const flow = contributions[i]! - contributions[i - 1]!
    if (flow !== ZERO) flows.push({ time: times[i]!, amount: -toNumber(flow) })
  }
  flows.push({ time: times[last]!, amount: toNumber(values[last]!) })
  const mwr = invested ? xirr(flows.filter((f) => f.amount !== 0)) : undefined
  const percentOf = (x: Fixed): Amount => percentage(x * 100n)
  return {
    points: shown.map((i) => ({
      time: timestampOf(new Date(times[i]!)) as Timestamp,
      value: amount(values[i]!),
      netContributions: amount(contributions[i]!),
      cumulativeReturnPercent: invested ? percentOf(index[i]! - ONE) : null
    })),
    startValue: amount(values[0]!),
    endValue: amount(values[last]!),
    netContributions: amount(contributions[last]! - contributions[0]!),
    timeWeightedReturnPercent: invested ? percentOf(index[last]! - ONE) : null,
    moneyWeightedReturnPercent:
      mwr === undefined || !Number.isFinite(mwr * 100) ? null : percentage(fromNumber(mwr * 100)),
    maxDrawdownPercent: invested ? percentOf(maxDrawdown(index)) : null
  }
}
