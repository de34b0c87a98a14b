import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import {
  type CreateParameterSearch,
  NotFound,
  ParameterSearch,
  type ParameterSearchId,
  type SearchResult,
  SearchResult as SearchResultSchema,
  type StrategyId,
  TooManyRequests,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

/** Searches one account may have queued or running at once. */
export const MAX_ACTIVE_SEARCHES = 2
/** Searches kept per account; older ones go when one is added. */
export const MAX_KEPT_SEARCHES = 50

const decode = rowsDecoder(Schema.typeSchema(ParameterSearch))
const decodeResults = rowsDecoder(Schema.typeSchema(SearchResultSchema))

export const searchNotFound = new NotFound({ message: "Parameter search not found" })

export type SearchSpec = Pick<
  CreateParameterSearch,
  "parameters" | "method" | "samples" | "seed" | "objective"
>

/** Parameter searches and their results, always scoped by the owner's id in SQL. */
export class SearchesRepo extends Effect.Service<SearchesRepo>()("SearchesRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`p.id, p.strategy_id AS "strategyId", s.name AS "strategyName",
      p.version, ${isoTimestamp("p.range_from", "from")}, ${isoTimestamp("p.range_to", "to")},
      ${isoTimestamp("p.split_at", "split")},
      trim_scale(p.initial_capital)::text AS "initialCapital",
      p.spec->'parameters' AS parameters, p.spec->>'method' AS method,
      p.spec->>'objective' AS objective, p.state, p.message,
      p.total_sets AS "totalSets", p.done_sets AS "doneSets",
      ${isoTimestamp("p.created_at", "createdAt")}, ${isoTimestamp("p.finished_at", "finishedAt")}`)
    const select = (where: Fragment, limit: number) =>
      sql`SELECT ${columns} FROM app_data.parameter_searches p
          JOIN app_data.strategies s ON s.id = p.strategy_id
          WHERE ${where} ORDER BY p.created_at DESC, p.id LIMIT ${limit}`.pipe(
        Effect.flatMap(decode),
        Effect.orDie
      )

    const find = (userId: UserId, id: ParameterSearchId) =>
      select(sql`p.user_id = ${userId} AND p.id = ${id}`, 1).pipe(
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.fail(searchNotFound) : Effect.succeed(rows[0])
        ),
        Effect.withSpan("SearchesRepo.find")
      )

    const list = (userId: UserId, strategyId: StrategyId | undefined) =>
      select(
        strategyId === undefined
          ? sql`p.user_id = ${userId}`
          : sql`p.user_id = ${userId} AND p.strategy_id = ${strategyId}`,
        MAX_KEPT_SEARCHES
      ).pipe(Effect.withSpan("SearchesRepo.list"))

    /** Records a queued search and, through `enqueue`, its chunk jobs, under the account's lock. */
    const create = <E, R>(
      userId: UserId,
      input: {
        readonly strategyId: StrategyId
        readonly version: number
        readonly from: string
        readonly to: string
        readonly split: string
        readonly initialCapital: string
        readonly spec: SearchSpec
        readonly totalSets: number
      },
      enqueue: (id: ParameterSearchId) => Effect.Effect<unknown, E, R>
    ) =>
      Effect.gen(function* () {
        const [{ active }] = (yield* sql<{ active: number }>`
          SELECT count(*)::int AS active FROM app_data.parameter_searches
          WHERE user_id = ${userId} AND state IN ('queued', 'running')`) as [{ active: number }]
        if (active >= MAX_ACTIVE_SEARCHES)
          return yield* new TooManyRequests({
            message: `You have ${MAX_ACTIVE_SEARCHES} parameter searches queued or running; start another when one is done`,
            retryAfter: 10
          })
        const [row] = yield* sql<{ id: ParameterSearchId }>`
          INSERT INTO app_data.parameter_searches (user_id, strategy_id, version, range_from,
            range_to, split_at, initial_capital, spec, total_sets)
          VALUES (${userId}, ${input.strategyId}, ${input.version}, ${input.from}, ${input.to},
            ${input.split}, ${input.initialCapital}, ${JSON.stringify(input.spec)}::jsonb,
            ${input.totalSets})
          RETURNING id`
        const id = (row as { id: ParameterSearchId }).id
        yield* sql`DELETE FROM app_data.parameter_searches WHERE id IN (
                     SELECT id FROM app_data.parameter_searches WHERE user_id = ${userId}
                     ORDER BY created_at DESC, id OFFSET ${MAX_KEPT_SEARCHES})`
        yield* enqueue(id)
        return id
      }).pipe(
        withKeyLocks(sql, [`searches:${userId}`]),
        Effect.catchTag("SqlError", Effect.die),
        Effect.flatMap((id) => Effect.orDie(find(userId, id))),
        Effect.withSpan("SearchesRepo.create")
      )

    /** Every result so far, best in-sample objective first. */
    const results = (userId: UserId, id: ParameterSearchId) =>
      sql`SELECT r.parameter_values AS values, r.in_sample AS "inSample",
            r.out_of_sample AS "outOfSample", r.error
          FROM app_data.search_results r
          JOIN app_data.parameter_searches p ON p.id = r.search_id
          WHERE r.search_id = ${id} AND p.user_id = ${userId}
          ORDER BY r.objective DESC NULLS LAST, r.position`.pipe(
        Effect.flatMap(decodeResults),
        Effect.orDie,
        Effect.withSpan("SearchesRepo.results")
      )

    /** What a chunk job needs: the search's range, its spec and its strategy's document. */
    const forJob = (id: ParameterSearchId) =>
      sql<{
        from: string
        to: string
        split: string
        initialCapital: string
        spec: SearchSpec
        document: unknown
        state: string
      }>`SELECT ${sql.literal(isoTimestamp("p.range_from", "from"))},
            ${sql.literal(isoTimestamp("p.range_to", "to"))},
            ${sql.literal(isoTimestamp("p.split_at", "split"))},
            trim_scale(p.initial_capital)::text AS "initialCapital", p.spec, v.document, p.state
          FROM app_data.parameter_searches p
          JOIN app_data.strategy_versions v ON v.strategy_id = p.strategy_id AND v.version = p.version
          WHERE p.id = ${id}`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie
      )

    /**
     * Stores a chunk's results (a retried chunk's are kept as first written), counts what is
     * done, and tells the user; the chunk that completes the count finishes the search.
     */
    const record = (
      userId: UserId,
      id: ParameterSearchId,
      rows: ReadonlyArray<{
        readonly position: number
        readonly result: SearchResult
        readonly objective: number | null
      }>
    ) =>
      Effect.gen(function* () {
        // Chunks finishing together take turns: each counts after the one before committed,
        // so the last one always sees every result (a count in a statement that started
        // before another chunk's commit would miss its rows and never finish the search).
        const [search] = yield* sql<{ state: string }>`
          SELECT state FROM app_data.parameter_searches WHERE id = ${id} FOR UPDATE`
        if (search === undefined || search.state === "failed") return
        for (const r of rows)
          yield* sql`INSERT INTO app_data.search_results
              (search_id, position, parameter_values, in_sample, out_of_sample, error, objective)
            VALUES (${id}, ${r.position}, ${JSON.stringify(r.result.values)}::jsonb,
              ${JSON.stringify(r.result.inSample)}::jsonb,
              ${JSON.stringify(r.result.outOfSample)}::jsonb, ${r.result.error}, ${r.objective})
            ON CONFLICT DO NOTHING`
        const [counts] = yield* sql<{ done: number; total: number }>`
          SELECT (SELECT count(*)::int FROM app_data.search_results WHERE search_id = p.id)
                   AS done, p.total_sets AS total
          FROM app_data.parameter_searches p WHERE p.id = ${id}`
        if (counts === undefined) return
        const ready = counts.done >= counts.total
        const message = ready
          ? `Ready: ${counts.total} sets tested`
          : `Tested ${counts.done} of ${counts.total} sets`
        yield* sql`UPDATE app_data.parameter_searches
                   SET done_sets = ${counts.done}, state = ${ready ? "ready" : "running"},
                       message = ${message},
                       finished_at = CASE WHEN ${ready} THEN now() END
                   WHERE id = ${id}`
        yield* sql`INSERT INTO app_data.events (user_id, type, payload)
            VALUES (${userId}, 'job.progress', ${JSON.stringify({
              job: "parameter-search",
              id,
              state: ready ? "ready" : "running",
              percent: Math.floor((100 * counts.done) / counts.total),
              message
            })}::jsonb)`
      }).pipe(sql.withTransaction, Effect.orDie)

    /** Ends a search that cannot go on, saying why. */
    const fail = (userId: UserId, id: ParameterSearchId, message: string) =>
      sql
        .withTransaction(
          Effect.zipRight(
            sql`UPDATE app_data.parameter_searches
              SET state = 'failed', message = ${message}, finished_at = now()
              WHERE id = ${id} AND state <> 'failed'`,
            sql`INSERT INTO app_data.events (user_id, type, payload)
              VALUES (${userId}, 'job.progress', ${JSON.stringify({
                job: "parameter-search",
                id,
                state: "failed",
                percent: 100,
                message
              })}::jsonb)`
          )
        )
        .pipe(Effect.orDie)

    const remove = (userId: UserId, id: ParameterSearchId) =>
      sql`DELETE FROM app_data.parameter_searches WHERE id = ${id} AND user_id = ${userId}
          RETURNING id`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) => (rows.length === 0 ? Effect.fail(searchNotFound) : Effect.void))
      )

    return { find, list, create, results, forJob, record, fail, remove } as const
  })
}) {}
