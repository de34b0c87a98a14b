import type {
  CostBasisMethod,
  DividendReceived,
  OpenLot,
  PortfolioId,
  RealizedSale,
  Timestamp
} from "@trading-app/domain"
import { timestampOf } from "@trading-app/domain"
import { div, type Fixed, format, fromUnits } from "./Fixed.js"
import { amount } from "./Holdings.js"
import type { LedgerEntry } from "./Ledger.js"
import { replay } from "./Positions.js"

/** One portfolio's ledger of a security, with what it is replayed under. */
export interface SecurityLedger {
  readonly portfolioId: string
  readonly entries: ReadonlyArray<LedgerEntry>
  /** Each entry's rate into the base currency (all 1 when left out). */
  readonly rates: ReadonlyArray<Fixed> | undefined
  readonly method: CostBasisMethod
  readonly tradesMoveCash: boolean
}

const at = (time: number) => timestampOf(new Date(time)) as Timestamp

/**
 * A security's open lots (first in, first out, whatever the method: the units bought earliest
 * are listed first), its sales with what each realised under its portfolio's method, and its
 * dividends, in time order across portfolios.
 */
export const positionDetail = (ledgers: ReadonlyArray<SecurityLedger>) => {
  const lots: Array<OpenLot> = []
  const sales: Array<RealizedSale> = []
  const dividends: Array<DividendReceived> = []
  for (const l of ledgers) {
    const portfolioId = l.portfolioId as PortfolioId
    for (const lot of replay(l.entries, "fifo", l.rates, l.tradesMoveCash).lots) {
      const quantity = fromUnits(lot.quantity)
      lots.push({
        portfolioId,
        openedAt: at(lot.time),
        quantity: format(quantity, 10) as OpenLot["quantity"],
        costBasis: amount(lot.cost + lot.fee),
        unitCost: amount(div(lot.cost + lot.fee, quantity) ?? 0n)
      })
    }
    replay(l.entries, l.method, l.rates, l.tradesMoveCash, {
      sale: (e, proceeds, fee, cost, lotFees) =>
        sales.push({
          portfolioId,
          time: at(e.time),
          quantity: format(fromUnits(e.quantity), 10) as RealizedSale["quantity"],
          proceeds: amount(proceeds),
          cost: amount(cost),
          realizedPnl: amount(proceeds - cost),
          realizedPnlNet: amount(proceeds - fee - cost - lotFees)
        }),
      income: (e, gross, withheld) =>
        dividends.push({
          portfolioId,
          time: at(e.time),
          gross: amount(gross),
          withheld: amount(withheld),
          net: amount(gross - withheld)
        })
    })
  }
  const byTime = <A extends { readonly time: string }>(a: A, b: A) => a.time.localeCompare(b.time)
  lots.sort((a, b) => a.openedAt.localeCompare(b.openedAt))
  return { lots, sales: sales.sort(byTime), dividends: dividends.sort(byTime) }
}
