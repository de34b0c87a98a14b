const YEAR_MS = 365 * 86_400_000

/** A cash flow from the investor's side: negative when money goes in, positive when it comes out. */
export interface Flow {
  readonly time: number
  readonly amount: number
}

/**
 * The money-weighted return (XIRR) of the flows per period (a year unless told): the rate at
 * which their present values sum to zero. Newton's method from 10%, falling back to bisection; a rate is a solver's
 * estimate (to 1e-10), so it is the one figure computed in binary floating point. Undefined
 * when the flows have no root (all in, or all out).
 */
export const xirr = (flows: ReadonlyArray<Flow>, periodMs = YEAR_MS): number | undefined => {
  if (!flows.some((f) => f.amount > 0) || !flows.some((f) => f.amount < 0)) return undefined
  const t0 = flows[0]!.time
  const years = flows.map((f) => (f.time - t0) / periodMs)
  const npv = (rate: number) => {
    const log = Math.log1p(rate)
    let sum = 0
    for (let i = 0; i < flows.length; i++) sum += flows[i]!.amount * Math.exp(-years[i]! * log)
    return sum
  }
  let rate = 0.1
  for (let i = 0; i < 50; i++) {
    // The present value and its derivative in one pass: one power per flow.
    const log = Math.log1p(rate)
    let value = 0
    let d = 0
    for (let k = 0; k < flows.length; k++) {
      const pv = flows[k]!.amount * Math.exp(-years[k]! * log)
      value += pv
      d -= years[k]! * pv
    }
    d /= 1 + rate
    if (!Number.isFinite(value) || !Number.isFinite(d) || d === 0) break
    const next = rate - value / d
    if (next <= -1 || !Number.isFinite(next)) break
    if (Math.abs(next - rate) < 1e-10) return next
    rate = next
  }
  // Bisection between a near-total loss and a thousandfold gain.
  let low = -0.999999
  let high = 1000
  let lowValue = npv(low)
  if (Math.sign(lowValue) === Math.sign(npv(high))) return undefined
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2
    const value = npv(mid)
    if (Math.sign(value) === Math.sign(lowValue)) {
      low = mid
      lowValue = value
    } else {
      high = mid
    }
  }
  return (low + high) / 2
}
