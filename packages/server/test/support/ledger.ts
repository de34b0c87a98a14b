import type { ActivityType } from "@trading-app/domain"
import { type Fixed, parse, units, ZERO } from "../../src/Valuation/Fixed.js"
import type { LedgerEntry } from "../../src/Valuation/Ledger.js"

/** A ledger entry with the rate that converts it into the base currency. */
export type Rated = LedgerEntry & { readonly rate: Fixed }

const GRAMMAR: ReadonlyArray<RegExp> = [
  /^(?<type>buy|sell) (?<quantity>\S+) @ (?<price>\S+)(?: fee (?<fee>\S+))?/,
  /^(?<type>dividend|interest) (?<amount>\S+)(?: tax (?<withheld>\S+))?/,
  /^(?<type>deposit|withdrawal|fee|tax) (?<amount>\S+)/,
  /^(?<type>split) (?<after>\S+) for (?<before>\S+)/,
  /^(?<type>transfer_in) (?<quantity>\S+) cost (?<amount>\S+)/,
  /^(?<type>transfer_out) (?<quantity>\S+)/
]

/**
 * One entry from words, for table tests: "buy 10 @ 100 fee 1", "sell 5 @ 120", "dividend 20 tax
 * 3", "deposit 1000", "fee 5", "split 2 for 1", "transfer_in 3 cost 900", "transfer_out 2";
 * each may end with "in EUR" (its currency, default USD) and "rate 1.1" (into the base).
 */
export const entry = (text: string, time: number): Rated => {
  for (const pattern of GRAMMAR) {
    const g = pattern.exec(text)?.groups
    if (g === undefined) continue
    const type = g.type as ActivityType
    const currency = / in ([A-Z]{3})/.exec(text)?.[1] ?? "USD"
    const rate = / rate (\S+)/.exec(text)?.[1]
    const u = (s: string | undefined) => (s === undefined ? ZERO : units(s))
    return {
      type,
      quantity: u(g.quantity),
      price: u(g.price),
      fee: u(g.fee),
      amount: u(g.amount),
      withheld: u(g.withheld),
      before: u(g.before),
      after: u(g.after),
      currency: type === "split" || type === "transfer_out" ? "" : currency,
      rate: parse(rate ?? "1"),
      time
    }
  }
  throw new Error(`Not a ledger entry: ${text}`)
}

const DAY = 86_400_000

/** Entries one day apart from `start`. */
export const daily = (texts: ReadonlyArray<string>, start = 0): Array<Rated> =>
  texts.map((t, i) => entry(t, start + (i + 1) * DAY))
