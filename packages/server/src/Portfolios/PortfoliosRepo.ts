import { SqlClient } from "@effect/sql"
import {
  Conflict,
  type CreatePortfolio,
  NotFound,
  Portfolio,
  type PortfolioId,
  type UpdatePortfolio,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { FOREIGN_KEY_VIOLATION, sqlState, UNIQUE_VIOLATION } from "../Database/SqlErrors.js"
import { isoTimestamp } from "../Database/SqlTime.js"

const PortfolioRow = Schema.typeSchema(Portfolio)
const decodeRows = rowsDecoder(PortfolioRow)

const nameTaken = new Conflict({
  message: "You already have a portfolio with this name",
  field: "name"
})
const notFound = new NotFound({ message: "Portfolio not found" })

/** Portfolios, always scoped by the owner's id in SQL: another user's id simply matches nothing. */
export class PortfoliosRepo extends Effect.Service<PortfoliosRepo>()("PortfoliosRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`id, name, base_currency AS "baseCurrency",
      cost_basis_method AS "costBasisMethod", benchmark,
      ${isoTimestamp("created_at", "createdAt")}, ${isoTimestamp("updated_at", "updatedAt")}`)

    const one = (rows: ReadonlyArray<unknown>) =>
      Effect.map(decodeRows(rows), (ps) => Option.fromNullable(ps[0]))

    const list = (userId: UserId) =>
      sql`SELECT ${columns} FROM app_data.user_portfolios WHERE user_id = ${userId}
          ORDER BY created_at, id`.pipe(
        Effect.flatMap(decodeRows),
        Effect.orDie,
        Effect.withSpan("PortfoliosRepo.list")
      )

    const find = (userId: UserId, id: PortfolioId) =>
      sql`SELECT ${columns} FROM app_data.user_portfolios WHERE id = ${id} AND user_id = ${userId}`.pipe(
        Effect.flatMap(one),
        Effect.orDie,
        Effect.withSpan("PortfoliosRepo.find")
      )

    /** Inserts a portfolio with its benchmark decided (null for none). */
    const insert = (
      userId: UserId,
      input: Omit<CreatePortfolio, "benchmark"> & { readonly benchmark: string | null }
    ) =>
      sql`INSERT INTO app_data.user_portfolios
            (user_id, name, base_currency, cost_basis_method, benchmark)
          VALUES (${userId}, ${input.name}, ${input.baseCurrency}, ${input.costBasisMethod},
            ${input.benchmark})
          ON CONFLICT (user_id, (lower(name))) DO NOTHING
          RETURNING ${columns}`.pipe(
        Effect.flatMap(one),
        Effect.orDie,
        Effect.flatMap(
          Option.match({ onNone: () => Effect.fail(nameTaken), onSome: Effect.succeed })
        ),
        Effect.withSpan("PortfoliosRepo.insert")
      )

    const update = (userId: UserId, id: PortfolioId, patch: UpdatePortfolio) =>
      sql`UPDATE app_data.user_portfolios
          SET name = coalesce(${patch.name ?? null}, name),
              base_currency = coalesce(${patch.baseCurrency ?? null}, base_currency),
              cost_basis_method = coalesce(${patch.costBasisMethod ?? null}, cost_basis_method),
              benchmark = CASE WHEN ${patch.benchmark !== undefined} THEN ${patch.benchmark ?? null}
                ELSE benchmark END,
              updated_at = now()
          WHERE id = ${id} AND user_id = ${userId}
          RETURNING ${columns}`.pipe(
        Effect.catchIf(
          (e) => sqlState(e) === UNIQUE_VIOLATION,
          () => Effect.fail(nameTaken)
        ),
        Effect.flatMap(one),
        Effect.catchTag("SqlError", "ParseError", Effect.die),
        Effect.flatMap(
          Option.match({ onNone: () => Effect.fail(notFound), onSome: Effect.succeed })
        ),
        Effect.withSpan("PortfoliosRepo.update")
      )

    /**
     * Deletes a portfolio; one with transactions only when forced, and then with them, in one
     * DB transaction. The row lock makes concurrent inserts into the portfolio wait for us.
     */
    const remove = (userId: UserId, id: PortfolioId, force: boolean) =>
      Effect.gen(function* () {
        const locked = yield* sql`SELECT id FROM app_data.user_portfolios
                                  WHERE id = ${id} AND user_id = ${userId} FOR UPDATE`
        if (locked.length === 0) return yield* notFound
        const [{ bots }] = (yield* sql<{ bots: number }>`
          SELECT count(*)::int AS bots FROM app_data.bots WHERE portfolio_id = ${id}`) as [
          { bots: number }
        ]
        if (bots > 0)
          return yield* new Conflict({
            message: `${bots} bot${bots === 1 ? " records its" : "s record their"} fills in this portfolio: delete ${bots === 1 ? "it" : "them"} first`
          })
        const [{ n }] = (yield* sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM app_data.user_transactions
                                                  WHERE portfolio_id = ${id} AND user_id = ${userId}`) as [
          { n: number }
        ]
        if (n > 0 && !force) {
          return yield* new Conflict({
            message: `This portfolio holds ${n} transaction(s); delete with force=true to delete them too`
          })
        }
        yield* sql`DELETE FROM app_data.user_transactions WHERE portfolio_id = ${id} AND user_id = ${userId}`
        yield* sql`DELETE FROM app_data.user_portfolios WHERE id = ${id} AND user_id = ${userId}`
        return { transactionsDeleted: n }
      }).pipe(
        sql.withTransaction,
        Effect.catchIf(
          (e) => e._tag === "SqlError" && sqlState(e) === FOREIGN_KEY_VIOLATION,
          () =>
            Effect.fail(
              new Conflict({ message: "The portfolio changed while deleting; try again" })
            )
        ),
        Effect.catchTag("SqlError", Effect.die),
        Effect.withSpan("PortfoliosRepo.remove")
      )

    return { list, find, insert, update, remove } as const
  })
}) {}
