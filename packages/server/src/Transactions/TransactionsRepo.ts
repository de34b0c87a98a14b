import { SqlClient } from "@effect/sql"
import {
  ACTIVITY_TYPES,
  type ActivityType,
  activityFields,
  type CreateTransaction,
  type Currency,
  type PortfolioId,
  type Timestamp,
  Transaction,
  type TransactionId,
  type TransactionSort,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { AppConfig } from "../AppConfig.js"
import type { Cursor } from "../Database/KeysetCursor.js"
import { containsPattern } from "../Database/Like.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

const decodeShaped = rowsDecoder(Schema.typeSchema(Transaction))

const COMMON_FIELDS = ["id", "type", "portfolioId", "executedAt", "note", "createdAt", "updatedAt"]
const FIELDS_OF = new Map(
  ACTIVITY_TYPES.map((type) => [type, [...COMMON_FIELDS, ...activityFields(type)]] as const)
)

/** Each row with just its type's fields (the table has the columns of every type). */
const decodeRows = (rows: ReadonlyArray<unknown>) =>
  decodeShaped(
    rows.map((row) => {
      const r = row as Record<string, unknown>
      const fields = FIELDS_OF.get(r.type as ActivityType)
      return fields === undefined ? r : Object.fromEntries(fields.map((f) => [f, r[f]]))
    })
  )

/** A stored entry's columns from an entry of any type (null where the type has no such field). */
const columnsOf = (t: CreateTransaction) => {
  const f = t as Partial<Record<string, string | null>>
  return {
    symbol: f.symbol ?? null,
    quantity: f.quantity ?? null,
    price: f.price ?? null,
    fee: f.fee ?? "0",
    amount: f.amount ?? f.costBasis ?? null,
    withholdingTax: f.withholdingTax ?? "0",
    sharesBefore: f.sharesBefore ?? null,
    sharesAfter: f.sharesAfter ?? null,
    currency: f.currency ?? null
  }
}

export interface ListQuery {
  readonly portfolioId?: PortfolioId | undefined
  readonly symbol?: string | undefined
  readonly q?: string | undefined
  readonly type?: ActivityType | undefined
  readonly from?: Timestamp | undefined
  readonly to?: Timestamp | undefined
  readonly after?: Cursor | undefined
  readonly sort: TransactionSort
  readonly order: "desc" | "asc"
  readonly limit: number
}

/**
 * The value each order other than by time compares, as SQL; a missing value counts as nothing
 * (no symbol before any, no amount as zero). The amount is a cash entry's, a transfer's cost
 * basis (kept in the same column) or a trade's quantity times price; a type has either a fee or
 * a withheld tax, so their sum is the one it has.
 */
const SORT_KEYS = {
  type: { sql: "type::text", numeric: false },
  symbol: { sql: "COALESCE(symbol, '')", numeric: false },
  quantity: { sql: "COALESCE(quantity, 0)", numeric: true },
  price: { sql: "COALESCE(price, 0)", numeric: true },
  amount: { sql: "COALESCE(amount, quantity * price, 0)", numeric: true },
  fee: { sql: "(fee + withholding_tax)", numeric: true }
} as const satisfies Record<Exclude<TransactionSort, "date">, unknown>

// A product of two decimals (18.10 each) has up to 36 digits before the point and 20 after.
const DECIMAL = /^\d{1,36}(\.\d{1,20})?$/

/** Whether a cursor's column value fits the order (none for the time order). */
export const sortKeyFits = (sort: TransactionSort) => (key: string | undefined) =>
  sort === "date"
    ? key === undefined
    : key !== undefined && (!SORT_KEYS[sort].numeric || DECIMAL.test(key)) && key.length <= 64

export interface Idempotency {
  readonly key: string
  readonly fingerprint: string
}

/** Transactions, always scoped by the owner's id in SQL. */
export class TransactionsRepo extends Effect.Service<TransactionsRepo>()("TransactionsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const { marketDataSchema } = yield* AppConfig
    const instruments = sql.literal(`"${marketDataSchema}".instruments`)
    // trim_scale gives the canonical decimal text ("1.5", not "1.5000000000").
    const columns = sql.literal(`id, portfolio_id AS "portfolioId", type, symbol,
      trim_scale(quantity) AS quantity, trim_scale(price) AS price, trim_scale(fee) AS fee,
      trim_scale(amount) AS amount, trim_scale(amount) AS "costBasis",
      trim_scale(withholding_tax) AS "withholdingTax", trim_scale(shares_before) AS "sharesBefore",
      trim_scale(shares_after) AS "sharesAfter",
      currency, ${isoTimestamp("executed_at", "executedAt")}, note,
      ${isoTimestamp("created_at", "createdAt")}, ${isoTimestamp("updated_at", "updatedAt")}`)

    const one = (rows: ReadonlyArray<unknown>) =>
      Effect.map(decodeRows(rows), (ts) => Option.fromNullable(ts[0]))

    /** The filters of a list, always within the owner's rows. */
    const filtersOf = (userId: UserId, q: ListQuery) => {
      const where = [sql`user_id = ${userId}`]
      if (q.portfolioId !== undefined) where.push(sql`portfolio_id = ${q.portfolioId}`)
      if (q.symbol !== undefined) where.push(sql`symbol = ${q.symbol}`)
      if (q.q !== undefined) {
        const pattern = containsPattern(q.q.trim())
        where.push(sql`(symbol ILIKE ${pattern} OR symbol IN (
          SELECT symbol FROM ${instruments} WHERE name ILIKE ${pattern}))`)
      }
      if (q.type !== undefined) where.push(sql`type = ${q.type}`)
      if (q.from !== undefined) where.push(sql`executed_at >= ${q.from}::timestamptz`)
      if (q.to !== undefined) where.push(sql`executed_at < ${q.to}::timestamptz`)
      return where
    }

    /**
     * One page in the order asked for, ties by time and id; `limit + 1` rows are read to know
     * whether another page follows. Each row comes with its value in the ordering column.
     */
    const list = (userId: UserId, q: ListQuery) => {
      const where = filtersOf(userId, q)
      const key = q.sort === "date" ? undefined : SORT_KEYS[q.sort]
      const keySql = key === undefined ? sql`NULL` : sql.literal(key.sql)
      const direction = sql.literal(q.order === "asc" ? "ASC" : "DESC")
      const compare = sql.literal(q.order === "asc" ? ">" : "<")
      if (q.after !== undefined) {
        const at = sql`${q.after.at}::timestamptz`
        const id = sql`${q.after.id}::uuid`
        where.push(
          key === undefined
            ? sql`(executed_at, id) ${compare} (${at}, ${id})`
            : sql`(${keySql}, executed_at, id) ${compare} (${
                key.numeric ? sql`${q.after.key ?? "0"}::numeric` : sql`${q.after.key ?? ""}`
              }, ${at}, ${id})`
        )
      }
      const order =
        key === undefined
          ? sql`executed_at ${direction}, id ${direction}`
          : sql`${keySql} ${direction}, executed_at ${direction}, id ${direction}`
      return sql<{ readonly sortKey: string | null }>`SELECT ${columns},
                   ${key?.numeric ? sql`trim_scale(${keySql})::text` : sql`(${keySql})::text`} AS "sortKey"
                 FROM app_data.user_transactions WHERE ${sql.and(where)}
                 ORDER BY ${order} LIMIT ${q.limit + 1}`.pipe(
        Effect.flatMap((rows) =>
          Effect.map(decodeRows(rows.map(({ sortKey: _, ...row }) => row)), (items) =>
            items.map((item, i) => ({ item, sortKey: rows[i]?.sortKey ?? null }))
          )
        ),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.list")
      )
    }

    /** How many of the owner's rows match a list's filters. */
    const count = (userId: UserId, q: ListQuery) =>
      sql<{ readonly total: number }>`SELECT count(*)::int AS total
        FROM app_data.user_transactions WHERE ${sql.and(filtersOf(userId, q))}`.pipe(
        Effect.map((rows) => rows[0]?.total ?? 0),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.count")
      )

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
      const c = columnsOf(t)
      return sql`
        INSERT INTO app_data.user_transactions (user_id, portfolio_id, type, symbol, quantity, price,
          fee, amount, withholding_tax, shares_before, shares_after, currency, executed_at, note,
          idempotency_key, idempotency_fingerprint)
        VALUES (${userId}, ${t.portfolioId}, ${t.type}, ${c.symbol}, ${c.quantity}, ${c.price},
          ${c.fee}, ${c.amount}, ${c.withholdingTax}, ${c.sharesBefore}, ${c.sharesAfter},
          ${c.currency}, ${t.executedAt}::timestamptz, ${t.note ?? null}, ${key}, ${fingerprint})
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

    /** Replaces a transaction that is still in `portfolioId` (the one the caller locked). */
    const update = (
      userId: UserId,
      id: TransactionId,
      portfolioId: PortfolioId,
      t: CreateTransaction
    ) => {
      const c = columnsOf(t)
      return sql`
        UPDATE app_data.user_transactions SET portfolio_id = ${t.portfolioId}, type = ${t.type},
          symbol = ${c.symbol}, quantity = ${c.quantity}, price = ${c.price}, fee = ${c.fee},
          amount = ${c.amount}, withholding_tax = ${c.withholdingTax},
          shares_before = ${c.sharesBefore}, shares_after = ${c.sharesAfter},
          currency = ${c.currency}, executed_at = ${t.executedAt}::timestamptz,
          note = ${t.note ?? null}, updated_at = now()
        WHERE id = ${id} AND user_id = ${userId} AND portfolio_id = ${portfolioId}
        RETURNING ${columns}`.pipe(Effect.flatMap(one), Effect.withSpan("TransactionsRepo.update"))
    }

    /** A transaction, locked until the DB transaction ends. */
    const findForUpdate = (userId: UserId, id: TransactionId) =>
      sql`SELECT ${columns} FROM app_data.user_transactions
          WHERE id = ${id} AND user_id = ${userId} FOR UPDATE`.pipe(
        Effect.flatMap(one),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.findForUpdate")
      )

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

    /** The base currency of one of the caller's portfolios. */
    const portfolioCurrency = (userId: UserId, portfolioId: PortfolioId) =>
      sql<{ currency: Currency }>`SELECT base_currency AS currency FROM app_data.user_portfolios
          WHERE id = ${portfolioId} AND user_id = ${userId}`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.currency)),
        Effect.orDie,
        Effect.withSpan("TransactionsRepo.portfolioCurrency")
      )

    /** Runs the effect in one DB transaction, rolled back when it fails. */
    const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>) => sql.withTransaction(effect)

    return {
      list,
      count,
      find,
      insert,
      findByIdempotencyKey,
      update,
      findForUpdate,
      remove,
      lockPortfolios,
      portfolioCurrency,
      transaction
    } as const
  })
}) {}
