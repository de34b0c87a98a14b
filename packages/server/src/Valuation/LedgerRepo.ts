import { SqlClient } from "@effect/sql"
import {
  CostBasisMethod,
  Currency,
  type PortfolioId,
  Timestamp,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

/**
 * A symbol's transactions in order, packed as text: "side quantity price fee currency epochMs,…",
 * the numbers as numeric(28, 10) writes them (ten decimals). One row per symbol instead of one
 * per transaction makes reading 100,000 of them several times cheaper.
 */
export interface PackedLedger {
  readonly symbol: string
  readonly entries: string
}

/**
 * The order of a ledger: by time; at the same instant buys before sells, then by id. The
 * oversell check and the valuation both replay in this order.
 */
export const LEDGER_ORDER = "executed_at, side, id"

// A power of two: symbols are split by the low bits of their hash.
const PARTS = 2

/** What valuing a portfolio needs of it, with the version of its ledger. */
const PortfolioHead = Schema.Struct({
  baseCurrency: Schema.typeSchema(Currency),
  costBasisMethod: CostBasisMethod,
  createdAt: Schema.typeSchema(Timestamp),
  ledgerVersion: Schema.String
})
export type PortfolioHead = typeof PortfolioHead.Type
const decodeHeads = rowsDecoder(PortfolioHead)

/** A portfolio's whole ledger for valuation, one row per symbol (cheap to read at 100,000 rows). */
export class LedgerRepo extends Effect.Service<LedgerRepo>()("LedgerRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const part = (userId: UserId, portfolioId: PortfolioId, index: number) =>
      sql<PackedLedger>`
        SELECT symbol, string_agg(side || ' ' || quantity || ' ' || price || ' ' || fee || ' ' ||
          currency || ' ' || (date_part('epoch', executed_at) * 1000)::bigint,
          ',' ORDER BY ${sql.literal(LEDGER_ORDER)}) AS entries
        FROM app_data.user_transactions
        WHERE portfolio_id = ${portfolioId} AND user_id = ${userId}
          AND (hashtext(symbol) & ${PARTS - 1}) = ${index}
        GROUP BY symbol`
    /**
     * Building the text is most of the query's work, so the symbols are read in parts on as
     * many connections at once, which PostgreSQL serves on as many cores.
     */
    const packed = (userId: UserId, portfolioId: PortfolioId) =>
      Effect.forEach(
        Array.from({ length: PARTS }, (_, i) => i),
        (i) => part(userId, portfolioId, i),
        { concurrency: "unbounded" }
      ).pipe(
        Effect.map((parts) =>
          parts.flat().sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
        ),
        Effect.orDie,
        Effect.withSpan("LedgerRepo.packed")
      )
    const head = (userId: UserId, portfolioId: PortfolioId) =>
      sql`SELECT base_currency AS "baseCurrency", cost_basis_method AS "costBasisMethod",
            ${sql.literal(isoTimestamp("created_at", "createdAt"))},
            ledger_version::text AS "ledgerVersion"
          FROM app_data.user_portfolios WHERE id = ${portfolioId} AND user_id = ${userId}`.pipe(
        Effect.flatMap(decodeHeads),
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie,
        Effect.withSpan("LedgerRepo.head")
      )

    return { head, packed } as const
  })
}) {}
