import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import {
  Backtest,
  type BacktestId,
  BacktestReport,
  type CreateBacktest,
  type JobProgress,
  NotFound,
  type StrategyId,
  TooManyRequests,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

/** Backtests one account may have queued or running at once. */
export const MAX_ACTIVE_BACKTESTS = 3
/** Backtests kept per account: the oldest beyond this are deleted when one is added. */
export const MAX_KEPT_BACKTESTS = 200

const decode = rowsDecoder(Schema.typeSchema(Backtest))
const decodeReport = Schema.decodeUnknown(Schema.typeSchema(BacktestReport))

export const backtestNotFound = new NotFound({ message: "Backtest not found" })

/** Backtests and their reports, always scoped by the owner's id in SQL. */
export class BacktestsRepo extends Effect.Service<BacktestsRepo>()("BacktestsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`b.id, b.strategy_id AS "strategyId", s.name AS "strategyName",
      b.version, ${isoTimestamp("b.range_from", "from")}, ${isoTimestamp("b.range_to", "to")},
      trim_scale(b.initial_capital)::text AS "initialCapital", b.state, b.percent, b.message,
      ${isoTimestamp("b.created_at", "createdAt")}, ${isoTimestamp("b.finished_at", "finishedAt")},
      b.total_return AS "totalReturnPercent"`)
    const select = (where: Fragment, limit: number) =>
      sql`SELECT ${columns} FROM app_data.backtests b
          JOIN app_data.strategies s ON s.id = b.strategy_id
          WHERE ${where} ORDER BY b.created_at DESC, b.id LIMIT ${limit}`.pipe(
        Effect.flatMap(decode),
        Effect.orDie
      )

    /**
     * Records a queued backtest and, through `enqueue`, its job, in one transaction under the
     * account's lock: the limit of running backtests holds across replicas.
     */
    const create = <E, R>(
      userId: UserId,
      input: CreateBacktest & { readonly version: number },
      enqueue: (id: BacktestId) => Effect.Effect<unknown, E, R>
    ) =>
      Effect.gen(function* () {
        const [{ active }] = (yield* sql<{ active: number }>`
          SELECT count(*)::int AS active FROM app_data.backtests
          WHERE user_id = ${userId} AND state IN ('queued', 'running')`) as [{ active: number }]
        if (active >= MAX_ACTIVE_BACKTESTS)
          return yield* new TooManyRequests({
            message: `You have ${MAX_ACTIVE_BACKTESTS} backtests queued or running; start another when one is done`,
            retryAfter: 10
          })
        const [row] = yield* sql<{ id: BacktestId }>`
          INSERT INTO app_data.backtests
            (user_id, strategy_id, version, range_from, range_to, initial_capital)
          VALUES (${userId}, ${input.strategyId}, ${input.version}, ${input.from},
            ${input.to}, ${input.initialCapital})
          RETURNING id`
        const id = (row as { id: BacktestId }).id
        yield* sql`DELETE FROM app_data.backtests WHERE id IN (
                     SELECT id FROM app_data.backtests WHERE user_id = ${userId}
                     ORDER BY created_at DESC, id OFFSET ${MAX_KEPT_BACKTESTS})`
        yield* enqueue(id)
        return id
      }).pipe(
        withKeyLocks(sql, [`backtests:${userId}`]),
        Effect.catchTag("SqlError", Effect.die),
        Effect.flatMap((id) => find(userId, id).pipe(Effect.orDie)),
        Effect.withSpan("BacktestsRepo.create")
      )

    const list = (userId: UserId, strategyId: StrategyId | undefined) =>
      select(
        strategyId === undefined
          ? sql`b.user_id = ${userId}`
          : sql`b.user_id = ${userId} AND b.strategy_id = ${strategyId}`,
        MAX_KEPT_BACKTESTS
      ).pipe(Effect.withSpan("BacktestsRepo.list"))

    const find = (userId: UserId, id: BacktestId) =>
      select(sql`b.user_id = ${userId} AND b.id = ${id}`, 1).pipe(
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.fail(backtestNotFound) : Effect.succeed(rows[0])
        ),
        Effect.withSpan("BacktestsRepo.find")
      )

    const report = (userId: UserId, id: BacktestId) =>
      sql<{ report: unknown }>`SELECT report FROM app_data.backtests
          WHERE id = ${id} AND user_id = ${userId} AND report IS NOT NULL`.pipe(
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.succeed(null) : decodeReport(rows[0].report)
        ),
        Effect.orDie,
        Effect.withSpan("BacktestsRepo.report")
      )

    const remove = (userId: UserId, id: BacktestId) =>
      sql`DELETE FROM app_data.backtests WHERE id = ${id} AND user_id = ${userId} RETURNING id`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) => (rows.length === 0 ? Effect.fail(backtestNotFound) : Effect.void)),
        Effect.withSpan("BacktestsRepo.remove")
      )

    /** What the job needs: the range, the capital and the document of the version played. */
    const job = (id: BacktestId) =>
      sql<{
        userId: UserId
        from: string
        to: string
        initialCapital: string
        document: unknown
      }>`SELECT b.user_id AS "userId", ${sql.literal(isoTimestamp("b.range_from", "from"))},
            ${sql.literal(isoTimestamp("b.range_to", "to"))},
            trim_scale(b.initial_capital)::text AS "initialCapital", v.document
          FROM app_data.backtests b
          JOIN app_data.strategy_versions v
            ON v.strategy_id = b.strategy_id AND v.version = b.version
          WHERE b.id = ${id}`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie
      )

    /** A report made before from the same inputs (the hash says so). */
    const reportByHash = (hash: string) =>
      sql<{ report: unknown }>`SELECT report FROM app_data.backtests
          WHERE content_hash = ${hash} AND state = 'ready' LIMIT 1`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.report)),
        Effect.orDie
      )

    /**
     * Records how far a backtest has come and tells the user's event stream, in one transaction.
     * A finished one carries its report.
     */
    const progress = (
      userId: UserId,
      id: BacktestId,
      step: Pick<JobProgress, "state" | "percent" | "message">,
      done?: { readonly report: string; readonly hash: string; readonly totalReturn: number }
    ) =>
      sql
        .withTransaction(
          Effect.zipRight(
            sql`UPDATE app_data.backtests
              SET state = ${step.state}, percent = ${step.percent}, message = ${step.message},
                  report = ${done?.report ?? null}::jsonb, content_hash = ${done?.hash ?? null},
                  total_return = ${done?.totalReturn ?? null},
                  finished_at = CASE WHEN ${step.state} IN ('ready', 'failed') THEN now() END
              WHERE id = ${id} AND user_id = ${userId}`,
            sql`INSERT INTO app_data.events (user_id, type, payload)
              VALUES (${userId}, 'job.progress', ${JSON.stringify({ job: "backtest", id, ...step })}::jsonb)`
          )
        )
        .pipe(Effect.orDie)

    return { create, list, find, report, remove, job, reportByHash, progress } as const
  })
}) {}
