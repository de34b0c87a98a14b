import { SqlClient } from "@effect/sql"
import {
  type CreateTransaction,
  type InstrumentSymbol,
  type PortfolioId,
  type Side,
  type Timestamp,
  Transaction,
  type TransactionId,
  type UpdateTransaction,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import type { Cursor } from "./Cursor.js"

const TransactionRow = Schema.typeSchema(Transaction)
const decodeRows = rowsDecoder(TransactionRow)

export interface ListQuery {
  readonly portfolioId?: PortfolioId | undefined
  readonly symbol?: InstrumentSymbol | undefined
  readonly side?: Side | undefined
  readonly from?: Timestamp | undefined
  readonly to?: Timestamp | undefined
  readonly after?: Cursor | undefined
  readonly limit: number
}

export interface Idempotency {
  readonly key: string
  readonly fingerprint: string
}

/** Transactions, always scoped by the owner's id in SQL. */
export class TransactionsRepo extends Effect.Service<TransactionsRepo>()("TransactionsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    // trim_scale gives the canonical decimal text ("1.5", not "1.5000000000").
    const columns = sql.literal(`id, portfolio_id AS "portfolioId", symbol, side,
      trim_scale(quantity) AS quantity, trim_scale(price) AS price, trim_scale(fee) AS fee,
      currency, ${isoTimestamp("executed_at", "executedAt")}, note,
      ${isoTimestamp("created_at", "createdAt")}, ${isoTimestamp("updated_at", "updatedAt")}`)

    const one = (rows: ReadonlyArray<unknown>) =>
      Effect.map(decodeRows(rows), (ts) => Option.fromNullable(ts[0]))

    /** One page, newest first; `limit + 1` rows are read to know whether another page follows. */
    const list = (userId: UserId, q: ListQuery) => {
      const where = [sql`user_id = ${userId}`]
      if (q.portfolioId !== undefined) where.push(sql`portfolio_id = ${q.portfolioId}`)
      if (q.symbol !== undefined) where.push(sql`symbol = ${q.symbol}`)
      if (q.side !== undefined) where.push(sql`side = ${q.side}`)
      if (q.from !== undefined) where.push(sql`executed_at >= ${q.from}::timestamptz`)
      if (q.to !== undefined) where.push(sql`executed_at < ${q.to}::timestamptz`)
      if (q.after !== undefined) {
        where.push(
          sql`(executed_at, id) < (${q.after.executedAt}::timestamptz, ${q.after.id}::uuid)`
        )
      }
      return sql`SELECT ${columns} FROM app_data.user_transactions WHERE ${sql.and(where)}
                 ORDER BY executed_at DESC, id DESC LIMIT ${q.limit + 1}`.pipe(
        Effect.flatMap(decodeRows),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.list")
      )
    }

    const find = (userId: UserId, id: TransactionId) =>
      sql`SELECT ${columns} FROM app_data.user_transactions WHERE id = ${id} AND user_id = ${userId}`.pipe(
        Effect.flatMap(one),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.find")
      )

    /**
     * Inserts a transaction. The composite foreign key (portfolio_id, user_id) refuses a portfolio
     * of another user. With an idempotency key, a second insert with the same key does nothing.
     */
    const insert = (
      userId: UserId,
      t: CreateTransaction,
      idempotency: Option.Option<Idempotency>
    ) => {
      const key = Option.getOrNull(Option.map(idempotency, (i) => i.key))
      const fingerprint = Option.getOrNull(Option.map(idempotency, (i) => i.fingerprint))
      return sql`
        INSERT INTO app_data.user_transactions (user_id, portfolio_id, symbol, side, quantity, price, fee,
          currency, executed_at, note, idempotency_key, idempotency_fingerprint)
        VALUES (${userId}, ${t.portfolioId}, ${t.symbol}, ${t.side}, ${t.quantity}, ${t.price}, ${t.fee},
          ${t.currency}, ${t.executedAt}::timestamptz, ${t.note ?? null}, ${key}, ${fingerprint})
        ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING ${columns}`.pipe(Effect.flatMap(one), Effect.withSpan("TransactionsRepo.insert"))
    }

    /** The row an idempotency key already created, with the fingerprint of that request. */
    const findByIdempotencyKey = (userId: UserId, key: string) =>
      sql`SELECT ${columns}, idempotency_fingerprint AS "fingerprint" FROM app_data.user_transactions
          WHERE user_id = ${userId} AND idempotency_key = ${key}`.pipe(
        Effect.flatMap((rows) =>
          Effect.map(one(rows), (row) =>
            Option.map(row, (transaction) => ({
              transaction,
              fingerprint: (rows[0] as { fingerprint: string | null }).fingerprint
            }))
          )
        ),
        Effect.orDie
      )

    const update = (userId: UserId, id: TransactionId, p: UpdateTransaction) =>
      sql`
        UPDATE app_data.user_transactions SET
          portfolio_id = coalesce(${p.portfolioId ?? null}::uuid, portfolio_id),
          symbol = coalesce(${p.symbol ?? null}, symbol),
          side = coalesce(${p.side ?? null}, side),
          quantity = coalesce(${p.quantity ?? null}::numeric, quantity),
          price = coalesce(${p.price ?? null}::numeric, price),
          fee = coalesce(${p.fee ?? null}::numeric, fee),
          currency = coalesce(${p.currency ?? null}, currency),
          executed_at = coalesce(${p.executedAt ?? null}::timestamptz, executed_at),
          note = CASE WHEN ${p.note !== undefined} THEN ${p.note ?? null} ELSE note END,
          updated_at = now()
        WHERE id = ${id} AND user_id = ${userId}
        RETURNING ${columns}`.pipe(Effect.flatMap(one), Effect.withSpan("TransactionsRepo.update"))

    const remove = (userId: UserId, id: TransactionId) =>
      sql`DELETE FROM app_data.user_transactions WHERE id = ${id} AND user_id = ${userId} RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.remove")
      )

    return { list, find, insert, findByIdempotencyKey, update, remove } as const
  })
}) {}
