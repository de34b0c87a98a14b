import { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import type { Fragment } from "@effect/sql/Statement"
import {
  Conflict,
  type CreateStrategy,
  NotFound,
  Strategy,
  StrategyDocument,
  type StrategyId,
  StrategyVersion,
  Unprocessable,
  type UpdateStrategy,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { sqlState, UNIQUE_VIOLATION } from "../Database/SqlErrors.js"
import { isoTimestamp } from "../Database/SqlTime.js"

/** How many strategies one account may keep. */
export const MAX_STRATEGIES = 200

const decodeStrategies = rowsDecoder(Schema.typeSchema(Strategy))
const decodeVersions = rowsDecoder(Schema.typeSchema(StrategyVersion))
const encodeDocument = Schema.encodeSync(StrategyDocument)

const nameTaken = new Conflict({
  message: "You already have a strategy with this name",
  field: "name"
})
export const strategyNotFound = new NotFound({ message: "Strategy not found" })

/** Strategies and their versions, always scoped by the owner's id in SQL. */
export class StrategiesRepo extends Effect.Service<StrategiesRepo>()("StrategiesRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const select = (where: Fragment) =>
      sql`SELECT s.id, s.name, s.description, s.version, v.document,
            ${sql.literal(isoTimestamp("s.created_at", "createdAt"))},
            ${sql.literal(isoTimestamp("s.updated_at", "updatedAt"))}
          FROM app_data.strategies s
          JOIN app_data.strategy_versions v ON v.strategy_id = s.id AND v.version = s.version
          WHERE ${where}
          ORDER BY lower(s.name), s.id`.pipe(Effect.flatMap(decodeStrategies), Effect.orDie)

    const list = (userId: UserId) =>
      select(sql`s.user_id = ${userId}`).pipe(Effect.withSpan("StrategiesRepo.list"))

    const find = (userId: UserId, id: StrategyId) =>
      select(sql`s.user_id = ${userId} AND s.id = ${id}`).pipe(
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.fail(strategyNotFound) : Effect.succeed(rows[0])
        ),
        Effect.withSpan("StrategiesRepo.find")
      )

    const unique = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      effect.pipe(
        Effect.catchIf(
          (e) => e instanceof SqlError && sqlState(e) === UNIQUE_VIOLATION,
          () => Effect.fail(nameTaken)
        )
      )

    /** Saves version 1; the account's lock keeps the count under the limit across replicas. */
    const create = (userId: UserId, input: CreateStrategy) =>
      Effect.gen(function* () {
        const [{ n }] = (yield* sql<{ n: number }>`
          SELECT count(*)::int AS n FROM app_data.strategies WHERE user_id = ${userId}`) as [
          { n: number }
        ]
        if (n >= MAX_STRATEGIES)
          return yield* new Conflict({
            message: `You have ${MAX_STRATEGIES} strategies, the most an account keeps; delete one first`
          })
        const [row] = yield* sql<{ id: StrategyId }>`
          INSERT INTO app_data.strategies (user_id, name, description)
          VALUES (${userId}, ${input.name}, ${input.description}) RETURNING id`
        const id = (row as { id: StrategyId }).id
        yield* sql`INSERT INTO app_data.strategy_versions (strategy_id, version, document)
                   VALUES (${id}, 1, ${JSON.stringify(encodeDocument(input.document))}::jsonb)`
        if (input.draftId !== undefined) {
          const marked = yield* sql`UPDATE app_data.strategy_drafts SET strategy_id = ${id}
                                    WHERE id = ${input.draftId} AND user_id = ${userId}
                                    RETURNING id`
          if (marked.length === 0)
            return yield* Unprocessable.field(["draftId"], "You have no such strategy draft")
        }
        return id
      }).pipe(
        unique,
        withKeyLocks(sql, [`strategies:${userId}`]),
        Effect.catchTag("SqlError", Effect.die),
        Effect.flatMap((id) => Effect.orDie(find(userId, id))),
        Effect.withSpan("StrategiesRepo.create")
      )

    /** Renames or describes it; a document that differs from the latest becomes a new version. */
    const update = (userId: UserId, id: StrategyId, patch: UpdateStrategy) =>
      Effect.gen(function* () {
        const current = yield* sql<{ version: number; document: unknown }>`
          SELECT s.version, v.document FROM app_data.strategies s
          JOIN app_data.strategy_versions v ON v.strategy_id = s.id AND v.version = s.version
          WHERE s.id = ${id} AND s.user_id = ${userId} FOR UPDATE OF s`
        const [found] = current
        if (found === undefined) return yield* strategyNotFound
        let version = found.version
        if (patch.document !== undefined) {
          const document = JSON.stringify(encodeDocument(patch.document))
          const [same] = yield* sql<{ same: boolean }>`
            SELECT ${document}::jsonb = ${JSON.stringify(found.document)}::jsonb AS same`
          if (!same?.same) {
            version++
            yield* sql`INSERT INTO app_data.strategy_versions (strategy_id, version, document)
                       VALUES (${id}, ${version}, ${document}::jsonb)`
          }
        }
        yield* sql`UPDATE app_data.strategies
                   SET name = coalesce(${patch.name ?? null}, name),
                       description = coalesce(${patch.description ?? null}, description),
                       version = ${version}, updated_at = now()
                   WHERE id = ${id} AND user_id = ${userId}`
      }).pipe(
        unique,
        sql.withTransaction,
        Effect.catchTag("SqlError", Effect.die),
        Effect.zipRight(find(userId, id)),
        Effect.withSpan("StrategiesRepo.update")
      )

    const remove = (userId: UserId, id: StrategyId) =>
      sql`DELETE FROM app_data.strategies WHERE id = ${id} AND user_id = ${userId} RETURNING id`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) => (rows.length === 0 ? Effect.fail(strategyNotFound) : Effect.void)),
        Effect.withSpan("StrategiesRepo.remove")
      )

    const versions = (userId: UserId, id: StrategyId) =>
      Effect.zipRight(
        find(userId, id),
        sql`SELECT v.version, v.document, ${sql.literal(isoTimestamp("v.created_at", "createdAt"))}
            FROM app_data.strategy_versions v
            WHERE v.strategy_id = ${id} ORDER BY v.version DESC`.pipe(
          Effect.flatMap(decodeVersions),
          Effect.orDie
        )
      ).pipe(Effect.withSpan("StrategiesRepo.versions"))

    /** One version of the user's strategy, with the strategy's name; none when not theirs. */
    const version = (userId: UserId, id: StrategyId, version: number | undefined) =>
      sql`SELECT v.version, v.document, ${sql.literal(isoTimestamp("v.created_at", "createdAt"))}
          FROM app_data.strategies s
          JOIN app_data.strategy_versions v
            ON v.strategy_id = s.id AND v.version = coalesce(${version ?? null}::int, s.version)
          WHERE s.id = ${id} AND s.user_id = ${userId}`.pipe(
        Effect.flatMap(decodeVersions),
        Effect.orDie,
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.withSpan("StrategiesRepo.version")
      )

    /** One version of the user's strategy (default: the latest), or NotFound saying which. */
    const versionOf = (userId: UserId, id: StrategyId, wanted: number | undefined) =>
      Effect.flatMap(version(userId, id, wanted), (found) =>
        Option.isSome(found)
          ? Effect.succeed(found.value)
          : Effect.fail(
              new NotFound({
                message:
                  wanted === undefined
                    ? strategyNotFound.message
                    : `Strategy not found, or it has no version ${wanted}`
              })
            )
      )

    return { list, find, create, update, remove, versions, version, versionOf } as const
  })
}) {}
