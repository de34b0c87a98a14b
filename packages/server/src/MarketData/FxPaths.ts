import type { Instrument } from "@trading-app/domain"

/** One FX pair to apply: multiply by its rate, or divide when `invert`. */
export interface FxLeg {
  readonly symbol: string
  readonly invert: boolean
}

/**
 * How to convert an amount from one currency into another with the FX pairs there are: none
 * needed, one pair (either way round), or two through a common currency (EUR → USD → JPY).
 * Undefined when no conversion is defined.
 */
export const conversionPath = (
  from: string,
  to: string,
  pairs: ReadonlyArray<Instrument>
): ReadonlyArray<FxLeg> | undefined => {
  if (from === to) return []
  const legsFrom = (currency: string) =>
    pairs.flatMap(
      (p): Array<FxLeg & { readonly to: string }> =>
        p.baseCurrency === currency
          ? [{ symbol: p.symbol, invert: false, to: p.quoteCurrency }]
          : p.quoteCurrency === currency && p.baseCurrency !== null
            ? [{ symbol: p.symbol, invert: true, to: p.baseCurrency }]
            : []
    )
  const first = legsFrom(from)
  const direct = first.find((leg) => leg.to === to)
  if (direct !== undefined) return [{ symbol: direct.symbol, invert: direct.invert }]
  for (const leg of first) {
    const second = legsFrom(leg.to).find((next) => next.to === to)
    if (second !== undefined) {
      return [
        { symbol: leg.symbol, invert: leg.invert },
        { symbol: second.symbol, invert: second.invert }
      ]
    }
  }
  return undefined
}
