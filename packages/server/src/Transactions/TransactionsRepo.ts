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
import type { Cursor } from "../Database/KeysetCursor.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import { LEDGER_ORDER } from "../Valuation/LedgerRepo.js"

const TransactionRow = Schema.typeSchema(Transaction)
const decodeRows = rowsDecoder(TransactionRow)

export interface ListQuery {
  readonly portfolioId?: PortfolioId | undefined
  readonly symbol?: InstrumentSymbol | undefined
  readonly side?: Side | undefined
  readonly from?: Timestamp | undefined
  readonly to?: Timestamp | undefined
  readonly after?: Cursor | undefined
  readonly order: "desc" | "asc"
  readonly limit: number
}

/** A sale that takes the open quantity below zero: when, how much, and what was held then. */
export interface Oversell {
  readonly executedAt: Timestamp
  readonly quantity: string
  readonly held: string
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
      const asc = q.order === "asc"
      if (q.after !== undefined) {
        const after = sql`(${q.after.at}::timestamptz, ${q.after.id}::uuid)`
        where.push(asc ? sql`(executed_at, id) > ${after}` : sql`(executed_at, id) < ${after}`)
      }
      const order = asc ? sql`executed_at ASC, id ASC` : sql`executed_at DESC, id DESC`
      return sql`SELECT ${columns} FROM app_data.user_transactions WHERE ${sql.and(where)}
                 ORDER BY ${order} LIMIT ${q.limit + 1}`.pipe(
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

    /** Changes a transaction that is still in `portfolioId` (the one the caller locked). */
    const update = (
      userId: UserId,
      id: TransactionId,
      portfolioId: PortfolioId,
      p: UpdateTransaction
    ) =>
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
        WHERE id = ${id} AND user_id = ${userId} AND portfolio_id = ${portfolioId}
        RETURNING ${columns}`.pipe(Effect.flatMap(one), Effect.withSpan("TransactionsRepo.update"))

    /** Deletes a transaction of a portfolio; whether there was one. */
    const remove = (userId: UserId, id: TransactionId, portfolioId: PortfolioId) =>
      sql`DELETE FROM app_data.user_transactions
          WHERE id = ${id} AND user_id = ${userId} AND portfolio_id = ${portfolioId} RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.remove")
      )

    /**
     * Locks the caller's portfolios among `ids` until the DB transaction ends, in id order so
     * concurrent writers cannot deadlock; answers how many were locked. A row lock, not session
     * state, so it is safe behind a transaction-pooling PgBouncer.
     */
    const lockPortfolios = (userId: UserId, ids: ReadonlyArray<PortfolioId>) =>
      sql`SELECT id FROM app_data.user_portfolios
          WHERE id = ANY(${[...new Set(ids)]}::uuid[]) AND user_id = ${userId}
          ORDER BY id FOR UPDATE`.pipe(
        Effect.map((rows) => rows.length),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.lockPortfolios")
      )

    /** The first sale in a portfolio's history of a symbol that sells more than is held. */
    const firstOversell = (userId: UserId, portfolioId: PortfolioId, symbol: InstrumentSymbol) =>
      sql<Oversell>`
        SELECT ${sql.literal(isoTimestamp("executed_at", "executedAt"))},
          trim_scale(quantity)::text AS quantity, trim_scale(running + quantity)::text AS held
        FROM (
          SELECT executed_at, side, id, quantity,
            sum(CASE WHEN side = 'buy' THEN quantity ELSE -quantity END)
              OVER (ORDER BY ${sql.literal(LEDGER_ORDER)}) AS running
          FROM app_data.user_transactions
          WHERE portfolio_id = ${portfolioId} AND user_id = ${userId} AND symbol = ${symbol}
        ) AS history
        WHERE running < 0 ORDER BY ${sql.literal(LEDGER_ORDER)} LIMIT 1`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.firstOversell")
      )

    /** Runs the effect in one DB transaction, rolled back when it fails. */
    const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>) => sql.withTransaction(effect)

    return {
      list,
      find,
      insert,
      findByIdempotencyKey,
      update,
      remove,
      lockPortfolios,
      firstOversell,
      transaction
    } as const
  })
}) {}
