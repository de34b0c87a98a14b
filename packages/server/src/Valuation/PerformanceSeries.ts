import type { Amount, InstrumentSymbol, PerformanceInterval, Timestamp } from "@trading-app/domain"
import { timestampOf } from "@trading-app/domain"
import { div, type Fixed, fromNumber, ONE, toNumber, ZERO } from "./Fixed.js"
import { amount, percentage } from "./Holdings.js"
import { xirr } from "./Returns.js"
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

const YEAR = 365 * DAY

/** A fraction as a percentage figure, or undefined when no finite number is left. */
const percentFromNumber = (x: number): Amount | undefined =>
  Number.isFinite(x * 100) ? percentage(fromNumber(x * 100)) : undefined

/**
 * The summary figures and shown points of a value series. Returns over the range are not
 * annualised; the annualised ones exist only for ranges of a year or more. A figure that cannot
 * be computed is null, with the reason in `unavailable`.
 */
export const summarise = (series: ValueSeries, shown: ReadonlyArray<number>) => {
  const { times, values, contributions, index } = series
  const last = times.length - 1
  const years = (times[last]! - times[0]!) / YEAR
  const invested = values.some((v) => v !== ZERO) || series.flows.length > 0
  const unavailable: Array<{ figure: string; reason: string }> = []
  const missing = (figure: string, reason: string) => {
    unavailable.push({ figure, reason })
    return null
  }
  const notInvested = "Nothing was invested in this range"
  const shortRange = "Ranges shorter than a year are not annualised"
  const percentOf = (x: Fixed): Amount => percentage(x * 100n)

  const twr = index[last]! - ONE
  const twrYearly =
    years >= 1 ? percentFromNumber((1 + toNumber(twr)) ** (1 / years) - 1) : undefined

  // The investor's side: the starting value and each flow go in, the end value comes out.
  const cashFlows = [{ time: times[0]!, amount: -toNumber(values[0]!) }]
  for (const f of series.flows) cashFlows.push({ time: f.time, amount: -toNumber(f.amount) })
  cashFlows.push({ time: times[last]!, amount: toNumber(values[last]!) })
  const nonZero = cashFlows.filter((f) => f.amount !== 0)
  // Per year for a range of a year or more; else per the range itself, never annualised (a
  // week's gain raised to a yearly power means nothing, and soon leaves any solver's reach).
  const span = times[last]! - times[0]!
  const rate = invested ? xirr(nonZero, years >= 1 ? YEAR : span) : undefined
  const rangeRate = rate === undefined || years < 1 ? rate : (1 + rate) ** years - 1
  const noRate =
    nonZero.some((f) => f.amount > 0) && nonZero.some((f) => f.amount < 0)
      ? "No rate between −100 % and 100,000 % a period solves the range's flows"
      : "The range's flows have no internal rate of return (money only went in, or only came out)"

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
    timeWeightedReturnPercent: invested
      ? percentOf(twr)
      : missing("timeWeightedReturnPercent", notInvested),
    annualisedTimeWeightedReturnPercent: !invested
      ? missing("annualisedTimeWeightedReturnPercent", notInvested)
      : years < 1
        ? missing("annualisedTimeWeightedReturnPercent", shortRange)
        : (twrYearly ?? missing("annualisedTimeWeightedReturnPercent", "Too large to state")),
    moneyWeightedReturnPercent: !invested
      ? missing("moneyWeightedReturnPercent", notInvested)
      : rate === undefined
        ? missing("moneyWeightedReturnPercent", noRate)
        : (percentFromNumber(rangeRate!) ??
          missing("moneyWeightedReturnPercent", "Too large to state")),
    annualisedMoneyWeightedReturnPercent: !invested
      ? missing("annualisedMoneyWeightedReturnPercent", notInvested)
      : years < 1
        ? missing("annualisedMoneyWeightedReturnPercent", shortRange)
        : rate === undefined
          ? missing("annualisedMoneyWeightedReturnPercent", noRate)
          : (percentFromNumber(rate) ??
            missing("annualisedMoneyWeightedReturnPercent", "Too large to state")),
    maxDrawdownPercent: invested
      ? percentOf(series.maxDrawdown)
      : missing("maxDrawdownPercent", notInvested),
    unavailable
  }
}

/**
 * A benchmark over the shown points: its price (in the base currency) relative to the first
 * point it has a price at, and its return against the portfolio's time-weighted one. Undefined
 * when it has no price in the range.
 */
export const benchmarkOf = (
  symbol: string,
  times: ReadonlyArray<number>,
  shown: ReadonlyArray<number>,
  priceAt: (time: number) => Fixed | undefined,
  timeWeighted: Fixed | undefined
) => {
  const prices = shown.map((i) => priceAt(times[i]!))
  const first = prices.find((p) => p !== undefined && p !== ZERO)
  if (first === undefined) return undefined
  const relative = (p: Fixed | undefined) => (p === undefined ? undefined : div(p, first)! - ONE)
  const last = relative(prices[prices.length - 1])
  const percentOf = (x: Fixed | undefined): Amount | null =>
    x === undefined ? null : percentage(x * 100n)
  return {
    symbol: symbol as InstrumentSymbol,
    points: shown.map((i, k) => ({
      time: timestampOf(new Date(times[i]!)) as Timestamp,
      cumulativeReturnPercent: percentOf(relative(prices[k]))
    })),
    returnPercent: percentOf(last),
    excessReturnPercent: percentOf(
      last === undefined || timeWeighted === undefined ? undefined : timeWeighted - last
    )
  }
}

/** The benchmark's figures, or why there are none (nothing when the portfolio has none). */
export const benchmarkAgainst = (
  symbol: string | undefined,
  times: ReadonlyArray<number>,
  shown: ReadonlyArray<number>,
  summary: ReturnType<typeof summarise>,
  priceOf: (symbol: string) => (time: number) => Fixed | undefined,
  lastIndex: Fixed
) => {
  if (symbol === undefined) return { figures: null, unavailable: [] }
  const twr = summary.timeWeightedReturnPercent === null ? undefined : lastIndex - ONE
  const figures = benchmarkOf(symbol, times, shown, priceOf(symbol), twr)
  return figures === undefined
    ? {
        figures: null,
        unavailable: [{ figure: "benchmark", reason: `No prices of ${symbol} in this range` }]
      }
    : { figures, unavailable: [] }
}
