import { SqlClient } from "@effect/sql"
import {
  CostBasisMethod,
  Currency,
  type PortfolioId,
  Timestamp,
  type UserId
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

/**
 * A symbol's entries in ledger order, packed as text: "type numbers… currency epochMs,…", each
 * type with its own numbers, written as numeric(28, 10) writes them (ten decimals); see the
 * activities migration. Entries without a symbol are packed under "". The database keeps these
 * up to date on every write (table ledger_packs), so a read fetches one ready row per symbol.
 */
export interface PackedLedger {
  readonly symbol: string
  readonly entries: string
}

/** What valuing a portfolio needs of it, with the version of its ledger. */
const PortfolioHead = Schema.Struct({
  id: Schema.String,
  baseCurrency: Schema.typeSchema(Currency),
  costBasisMethod: CostBasisMethod,
  benchmark: Schema.NullOr(Schema.String),
  createdAt: Schema.typeSchema(Timestamp),
  ledgerVersion: Schema.String
})
export type PortfolioHead = typeof PortfolioHead.Type
const decodeHeads = rowsDecoder(PortfolioHead)

/** A portfolio's whole ledger for valuation, one row per symbol (cheap to read at 100,000 rows). */
export class LedgerRepo extends Effect.Service<LedgerRepo>()("LedgerRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    /** The version each symbol's pack was made at (see the pack-versions migration). */
    const packVersions = (userId: UserId, portfolioId: PortfolioId) =>
      sql<{ symbol: string; version: string }>`
        SELECT l.symbol, l.version::text AS version FROM app_data.ledger_packs l
        JOIN app_data.user_portfolios p ON p.id = l.portfolio_id
        WHERE l.portfolio_id = ${portfolioId} AND p.user_id = ${userId}
        ORDER BY l.symbol`.pipe(Effect.orDie, Effect.withSpan("LedgerRepo.packVersions"))

    /** The packed ledgers of some symbols, as the database keeps them. */
    const packed = (userId: UserId, portfolioId: PortfolioId, symbols: ReadonlyArray<string>) =>
      sql<PackedLedger>`
        SELECT l.symbol, l.entries FROM app_data.ledger_packs l
        JOIN app_data.user_portfolios p ON p.id = l.portfolio_id
        WHERE l.portfolio_id = ${portfolioId} AND p.user_id = ${userId}
          AND l.symbol = ANY(${symbols}::text[])`.pipe(
        Effect.orDie,
        Effect.withSpan("LedgerRepo.packed")
      )

    /** One portfolio of the user, or all of them (oldest first). */
    const heads = (userId: UserId, portfolioId: PortfolioId | "all") =>
      sql`SELECT id, base_currency AS "baseCurrency", cost_basis_method AS "costBasisMethod",
            benchmark, ${sql.literal(isoTimestamp("created_at", "createdAt"))},
            ledger_version::text AS "ledgerVersion"
          FROM app_data.user_portfolios
          WHERE user_id = ${userId} ${portfolioId === "all" ? sql`` : sql`AND id = ${portfolioId}`}
          ORDER BY created_at, id`.pipe(
        Effect.flatMap(decodeHeads),
        Effect.orDie,
        Effect.withSpan("LedgerRepo.heads")
      )

    return { heads, packVersions, packed } as const
  })
}) {}
