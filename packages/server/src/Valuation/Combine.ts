import { type Fixed, ZERO } from "./Fixed.js"
import type { Valued } from "./Holdings.js"
import type { Position } from "./Positions.js"

const sumOf = (xs: ReadonlyArray<Fixed | undefined>): Fixed | undefined => {
  let sum = ZERO
  for (const x of xs) {
    if (x === undefined) return undefined
    sum += x
  }
  return sum
}

/**
 * One row per security from the ledgers of several portfolios (each valued under its own rules):
 * quantities and figures added up, unknown when unknown in any of them.
 */
export const combineBySymbol = (valued: ReadonlyArray<Valued>): Array<Valued> => {
  const groups = new Map<string, Array<Valued>>()
  for (const v of valued) {
    if (v.symbol === "") continue
    const group = groups.get(v.symbol)
    if (group === undefined) groups.set(v.symbol, [v])
    else group.push(v)
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0]!
    const positions = group.map((v) => v.position)
    const known = positions.every((p) => p !== undefined)
      ? (positions as Array<Position>)
      : undefined
    const total = (f: (p: Position) => Fixed) => sumOf(known?.map(f) ?? [undefined])!
    const messages = new Set<string>()
    return {
      symbol: group[0]!.symbol,
      market: group[0]!.market,
      quantity: sumOf(group.map((v) => v.quantity))!,
      position:
        known === undefined
          ? undefined
          : {
              quantity: total((p) => p.quantity),
              costBasis: total((p) => p.costBasis),
              realizedGross: total((p) => p.realizedGross),
              realizedNet: total((p) => p.realizedNet),
              fees: total((p) => p.fees),
              income: total((p) => p.income),
              withheld: total((p) => p.withheld),
              costs: total((p) => p.costs),
              netContributions: total((p) => p.netContributions),
              cash: new Map(),
              lots: []
            },
      cash: new Map(),
      marketValue: sumOf(group.map((v) => v.marketValue)),
      dayChange: sumOf(group.map((v) => v.dayChange)),
      previousValue: sumOf(group.map((v) => v.previousValue)),
      problems: group
        .flatMap((v) => v.problems)
        .filter((p) => !messages.has(p.message) && messages.add(p.message) !== undefined)
    }
  })
}
