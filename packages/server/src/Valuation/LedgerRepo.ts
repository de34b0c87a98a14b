import { SqlClient } from "@effect/sql"
import type { PortfolioId, UserId } from "@trading-app/domain"
import { Effect } from "effect"

/** A symbol's transactions in order, packed as text: "side quantity price fee currency epochMs,…". */
export interface PackedLedger {
  readonly symbol: string
  readonly entries: string
}

/**
 * The order of a ledger: by time; at the same instant buys before sells, then by id. The
 * oversell check and the valuation both replay in this order.
 */
export const LEDGER_ORDER = "executed_at, side, id"

/** A portfolio's whole ledger for valuation, one row per symbol (cheap to read at 100,000 rows). */
export class LedgerRepo extends Effect.Service<LedgerRepo>()("LedgerRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const packed = (userId: UserId, portfolioId: PortfolioId) =>
      sql<PackedLedger>`
        SELECT symbol, string_agg(concat_ws(' ', side, trim_scale(quantity), trim_scale(price),
          trim_scale(fee), currency, (extract(epoch FROM executed_at) * 1000)::bigint),
          ',' ORDER BY ${sql.literal(LEDGER_ORDER)}) AS entries
        FROM app_data.user_transactions
        WHERE portfolio_id = ${portfolioId} AND user_id = ${userId}
        GROUP BY symbol ORDER BY symbol`.pipe(Effect.orDie, Effect.withSpan("LedgerRepo.packed"))
    return { packed } as const
  })
}) {}
