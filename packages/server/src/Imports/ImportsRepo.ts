import { SqlClient } from "@effect/sql"
import {
  type CreateTransaction,
  ImportProfile,
  type ImportProfileId,
  ImportRun,
  type ImportRunId,
  type ImportUploadId,
  type PortfolioId,
  type SaveImportProfile,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import type { Comparable } from "./Review.js"

const decodeRuns = rowsDecoder(Schema.typeSchema(ImportRun))
const decodeProfiles = rowsDecoder(ImportProfile)

// The newest uploads a user keeps; older ones give way.
const UPLOADS_KEPT = 10

export interface StoredUpload {
  readonly id: ImportUploadId
  readonly portfolioId: PortfolioId
  readonly fileName: string
  readonly content: Uint8Array
  readonly expiresAt: string
}

/** An activity as the export reads it: every field as text, null where its type has none. */
export interface ExportRow {
  readonly id: string
  readonly date: string
  readonly type: string
  readonly symbol: string | null
  readonly quantity: string | null
  readonly price: string | null
  readonly fee: string
  readonly amount: string | null
  readonly withholdingTax: string
  readonly sharesBefore: string | null
  readonly sharesAfter: string | null
  readonly currency: string | null
  readonly note: string | null
  readonly externalId: string
}

export interface RunCounts {
  readonly rows: number
  readonly imported: number
  readonly duplicates: number
  readonly invalid: number
  readonly excluded: number
}

/** Uploaded files, import runs and saved mappings, always scoped by the owner's id in SQL. */
export class ImportsRepo extends Effect.Service<ImportsRepo>()("ImportsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const runColumns = sql.literal(`id, portfolio_id AS "portfolioId", file_name AS "fileName",
      preset, rows, imported, duplicates, invalid, excluded,
      ${isoTimestamp("created_at", "createdAt")}, ${isoTimestamp("undone_at", "undoneAt")}`)
    const profileColumns = sql.literal(`id, portfolio_id AS "portfolioId", name, settings, mapping,
      symbols, ${isoTimestamp("updated_at", "updatedAt")}`)

    /** Keeps a file (the user's oldest beyond the newest ten go). */
    const saveUpload = (
      userId: UserId,
      portfolioId: PortfolioId,
      fileName: string,
      content: Uint8Array
    ) =>
      sql
        .withTransaction(
          Effect.gen(function* () {
            const rows = yield* sql<{ id: ImportUploadId; expiresAt: string }>`
            INSERT INTO app_data.import_uploads (user_id, portfolio_id, file_name, content)
            VALUES (${userId}, ${portfolioId}, ${fileName}, ${Buffer.from(content)})
            RETURNING id, ${sql.literal(isoTimestamp("expires_at", "expiresAt"))}`
            yield* sql`DELETE FROM app_data.import_uploads WHERE user_id = ${userId} AND id NOT IN (
              SELECT id FROM app_data.import_uploads WHERE user_id = ${userId}
              ORDER BY created_at DESC LIMIT ${UPLOADS_KEPT})`
            return rows[0]!
          })
        )
        .pipe(Effect.orDie, Effect.withSpan("ImportsRepo.saveUpload"))

    const findUpload = (userId: UserId, id: ImportUploadId) =>
      sql<StoredUpload>`SELECT id, portfolio_id AS "portfolioId", file_name AS "fileName", content,
            ${sql.literal(isoTimestamp("expires_at", "expiresAt"))}
          FROM app_data.import_uploads
          WHERE id = ${id} AND user_id = ${userId} AND expires_at > now()`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie,
        Effect.withSpan("ImportsRepo.findUpload")
      )

    const deleteUpload = (userId: UserId, id: ImportUploadId) =>
      sql`DELETE FROM app_data.import_uploads WHERE id = ${id} AND user_id = ${userId}`.pipe(
        Effect.asVoid,
        Effect.orDie
      )

    /** The zone the user reads times in, if they chose one. */
    const timeZoneOf = (userId: UserId) =>
      sql<{
        zone: string | null
      }>`SELECT time_zone AS zone FROM app_data.users WHERE id = ${userId}`.pipe(
        Effect.map((rows) => rows[0]?.zone ?? null),
        Effect.orDie
      )

    /** What duplicates are told by, of every activity in a portfolio. */
    const existing = (userId: UserId, portfolioId: PortfolioId) =>
      sql<Comparable & { id: string; externalId: string | null }>`
        SELECT id, external_id AS "externalId", type, symbol, trim_scale(quantity)::text AS quantity,
          trim_scale(price)::text AS price, trim_scale(fee)::text AS fee,
          trim_scale(amount)::text AS amount, trim_scale(withholding_tax)::text AS "withholdingTax",
          trim_scale(shares_before)::text AS "sharesBefore",
          trim_scale(shares_after)::text AS "sharesAfter", currency,
          (extract(epoch FROM executed_at) * 1000)::float8 AS time
        FROM app_data.user_transactions WHERE portfolio_id = ${portfolioId} AND user_id = ${userId}`.pipe(
        Effect.orDie,
        Effect.withSpan("ImportsRepo.existing")
      )

    const insertRun = (
      userId: UserId,
      portfolioId: PortfolioId,
      fileName: string,
      preset: string,
      counts: RunCounts
    ) =>
      sql`INSERT INTO app_data.import_runs (user_id, portfolio_id, file_name, preset, rows, imported,
            duplicates, invalid, excluded)
          VALUES (${userId}, ${portfolioId}, ${fileName}, ${preset}, ${counts.rows},
            ${counts.imported}, ${counts.duplicates}, ${counts.invalid}, ${counts.excluded})
          RETURNING ${runColumns}`.pipe(
        Effect.flatMap(decodeRuns),
        Effect.map((rows) => rows[0]!),
        Effect.orDie
      )

    /**
     * Records a run's activities in one statement (the ledger's statement triggers then repack
     * each symbol once and publish one event per portfolio).
     */
    const insertEntries = (
      userId: UserId,
      portfolioId: PortfolioId,
      runId: ImportRunId,
      rows: ReadonlyArray<{ readonly entry: CreateTransaction; readonly externalId: string | null }>
    ) => {
      const col = (name: string) =>
        rows.map(({ entry }) => {
          const v = (entry as unknown as Record<string, unknown>)[name]
          return typeof v === "string" ? v : null
        })
      const amounts = rows.map(({ entry }) => {
        const e = entry as unknown as Record<string, string | undefined>
        return e.amount ?? e.costBasis ?? null
      })
      return sql`
        INSERT INTO app_data.user_transactions (user_id, portfolio_id, type, symbol, quantity, price,
          fee, amount, withholding_tax, shares_before, shares_after, currency, executed_at, note,
          import_run_id, external_id)
        SELECT ${userId}, ${portfolioId}, t.type, t.symbol, t.quantity, t.price, coalesce(t.fee, 0),
          t.amount, coalesce(t.withholding_tax, 0), t.shares_before, t.shares_after, t.currency,
          t.executed_at, t.note, ${runId}, t.external_id
        FROM unnest(${col("type")}::text[], ${col("symbol")}::text[], ${col("quantity")}::numeric[],
          ${col("price")}::numeric[], ${col("fee")}::numeric[], ${amounts}::numeric[],
          ${col("withholdingTax")}::numeric[], ${col("sharesBefore")}::numeric[],
          ${col("sharesAfter")}::numeric[], ${col("currency")}::text[],
          ${col("executedAt")}::timestamptz[], ${col("note")}::text[],
          ${rows.map((r) => r.externalId)}::text[])
          AS t(type, symbol, quantity, price, fee, amount, withholding_tax, shares_before,
            shares_after, currency, executed_at, note, external_id)`.pipe(
        Effect.orDie,
        Effect.withSpan("ImportsRepo.insertEntries", { attributes: { rows: rows.length } })
      )
    }

    /** Every import of the user, oldest first (the account export's). */
    const allRuns = (userId: UserId) =>
      sql`SELECT ${runColumns} FROM app_data.import_runs WHERE user_id = ${userId}
          ORDER BY created_at, id`.pipe(Effect.flatMap(decodeRuns), Effect.orDie)

    const runs = (userId: UserId, portfolioId: PortfolioId) =>
      sql`SELECT ${runColumns} FROM app_data.import_runs
          WHERE portfolio_id = ${portfolioId} AND user_id = ${userId}
          ORDER BY created_at DESC, id DESC LIMIT 100`.pipe(
        Effect.flatMap(decodeRuns),
        Effect.orDie
      )

    /** A run, locked until the DB transaction ends. */
    const findRunForUpdate = (userId: UserId, id: ImportRunId) =>
      sql`SELECT ${runColumns} FROM app_data.import_runs WHERE id = ${id} AND user_id = ${userId}
          FOR UPDATE`.pipe(
        Effect.flatMap(decodeRuns),
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie
      )

    /** Removes a run's activities and marks it undone; the symbols they named. */
    const undo = (userId: UserId, id: ImportRunId) =>
      Effect.gen(function* () {
        const deleted = yield* sql<{ symbol: string }>`
          WITH d AS (DELETE FROM app_data.user_transactions
                     WHERE import_run_id = ${id} AND user_id = ${userId} RETURNING symbol)
          SELECT DISTINCT symbol FROM d WHERE symbol IS NOT NULL`
        const run = yield* sql`UPDATE app_data.import_runs SET undone_at = now()
            WHERE id = ${id} AND user_id = ${userId} RETURNING ${runColumns}`.pipe(
          Effect.flatMap(decodeRuns)
        )
        return { run: run[0]!, symbols: deleted.map((d) => d.symbol) }
      }).pipe(Effect.orDie, Effect.withSpan("ImportsRepo.undo"))

    const profiles = (userId: UserId, portfolioId: PortfolioId) =>
      sql`SELECT ${profileColumns} FROM app_data.import_profiles
          WHERE portfolio_id = ${portfolioId} AND user_id = ${userId} ORDER BY name`.pipe(
        Effect.flatMap(decodeProfiles),
        Effect.orDie
      )

    const saveProfile = (userId: UserId, p: SaveImportProfile) =>
      sql`INSERT INTO app_data.import_profiles (user_id, portfolio_id, name, settings, mapping, symbols)
          VALUES (${userId}, ${p.portfolioId}, ${p.name}, ${JSON.stringify(p.settings)}::jsonb,
            ${JSON.stringify(p.mapping)}::jsonb, ${JSON.stringify(p.symbols)}::jsonb)
          ON CONFLICT (portfolio_id, name) DO UPDATE SET settings = excluded.settings,
            mapping = excluded.mapping, symbols = excluded.symbols, updated_at = now()
          RETURNING ${profileColumns}`.pipe(
        Effect.flatMap(decodeProfiles),
        Effect.map((rows) => rows[0]!),
        Effect.withSpan("ImportsRepo.saveProfile")
      )

    const deleteProfile = (userId: UserId, id: ImportProfileId) =>
      sql`DELETE FROM app_data.import_profiles WHERE id = ${id} AND user_id = ${userId} RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      )

    /** A page of a portfolio's activities for the CSV export, oldest first, after a (time, id) key. */
    const exportPage = (
      userId: UserId,
      portfolioId: PortfolioId,
      after: { readonly time: string; readonly id: string } | undefined,
      limit: number
    ) =>
      sql<ExportRow>`
        SELECT id, ${sql.literal(isoTimestamp("executed_at", "date"))}, type, symbol,
          trim_scale(quantity)::text AS quantity, trim_scale(price)::text AS price,
          trim_scale(fee)::text AS fee, trim_scale(amount)::text AS amount,
          trim_scale(withholding_tax)::text AS "withholdingTax",
          trim_scale(shares_before)::text AS "sharesBefore",
          trim_scale(shares_after)::text AS "sharesAfter", currency, note,
          coalesce(external_id, id::text) AS "externalId"
        FROM app_data.user_transactions
        WHERE portfolio_id = ${portfolioId} AND user_id = ${userId}
          ${after === undefined ? sql`` : sql`AND (executed_at, id) > (${after.time}::timestamptz, ${after.id}::uuid)`}
        ORDER BY executed_at, id LIMIT ${limit}`.pipe(
        Effect.orDie,
        Effect.withSpan("ImportsRepo.exportPage")
      )

    return {
      exportPage,
      saveUpload,
      findUpload,
      deleteUpload,
      timeZoneOf,
      existing,
      insertRun,
      insertEntries,
      runs,
      allRuns,
      findRunForUpdate,
      undo,
      profiles,
      saveProfile,
      deleteProfile
    } as const
  })
}) {}
