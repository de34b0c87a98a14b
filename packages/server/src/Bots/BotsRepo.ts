import { SqlClient } from "@effect/sql"
import type { Fragment } from "@effect/sql/Statement"
import {
  Bot,
  type BotId,
  BotSettings,
  type CreateBot,
  MAX_BOTS,
  NotFound,
  Unprocessable,
  type UpdateBot,
  type UserId,
  type WatchId
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import { ownedConnectionMode } from "../Exchanges/Ownership.js"

const decode = rowsDecoder(Bot)
const encodeSettings = (s: BotSettings) => JSON.stringify(Schema.encodeSync(BotSettings)(s))

export const botNotFound = new NotFound({ message: "Bot not found" })

/** Bots, always scoped by the owner's id in SQL. */
export class BotsRepo extends Effect.Service<BotsRepo>()("BotsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`b.id, b.name, b.connection_id AS "connectionId",
      c.name AS "connectionName", c.mode, b.portfolio_id AS "portfolioId", b.symbol,
      b.exchange_symbol AS "exchangeSymbol", b.settings, b.enabled, b.priority, b.watch_id AS "watchId",
      (SELECT count(*)::int FROM app_data.position_groups g
       WHERE g.bot_id = b.id AND g.state NOT IN ('closed', 'failed')) AS "openGroups",
      ${isoTimestamp("b.created_at", "createdAt")}, ${isoTimestamp("b.updated_at", "updatedAt")}`)
    const select = (where: Fragment) =>
      sql`SELECT ${columns} FROM app_data.bots b
          JOIN app_data.exchange_connections c ON c.id = b.connection_id
          WHERE ${where}`.pipe(Effect.flatMap(decode), Effect.orDie)

    /** A watch named for a bot must be the user's own. */
    const watchOf = (userId: UserId, watchId: WatchId | null) =>
      watchId === null
        ? Effect.void
        : sql`SELECT 1 FROM app_data.strategy_watches WHERE id = ${watchId} AND user_id = ${userId}`.pipe(
            Effect.orDie,
            Effect.flatMap((rows) =>
              rows.length === 0
                ? Effect.fail(new NotFound({ message: "Watch not found" }))
                : Effect.void
            )
          )

    const find = (userId: UserId, id: BotId) =>
      Effect.flatMap(select(sql`b.id = ${id} AND b.user_id = ${userId}`), (rows) =>
        rows[0] === undefined ? Effect.fail(botNotFound) : Effect.succeed(rows[0])
      ).pipe(Effect.withSpan("BotsRepo.find"))

    const list = (userId: UserId) =>
      select(sql`b.user_id = ${userId} ORDER BY b.created_at, b.id`).pipe(
        Effect.withSpan("BotsRepo.list")
      )

    /** Adds a bot under the account's lock (the limit holds across replicas). */
    const create = (userId: UserId, input: CreateBot) =>
      Effect.gen(function* () {
        yield* watchOf(userId, input.watchId)
        const mode = yield* ownedConnectionMode(sql, userId, input.connectionId, input.portfolioId)
        const [{ n }] = (yield* sql<{ n: number }>`
          SELECT count(*)::int AS n FROM app_data.bots WHERE user_id = ${userId}`) as [
          { n: number }
        ]
        if (n >= MAX_BOTS)
          return yield* Unprocessable.field(
            ["name"],
            `You have ${MAX_BOTS} bots, the most an account may; delete one first`
          )
        if (mode !== "paper" && input.exchangeSymbol === null)
          return yield* Unprocessable.field(
            ["exchangeSymbol"],
            "A testnet or live connection needs the exchange's market, such as BTC/USDT"
          )
        const [row] = yield* sql<{ id: BotId }>`
          INSERT INTO app_data.bots (user_id, name, connection_id, portfolio_id, symbol,
            exchange_symbol, settings, enabled, priority, watch_id)
          VALUES (${userId}, ${input.name}, ${input.connectionId}, ${input.portfolioId},
            ${input.symbol}, ${input.exchangeSymbol}, ${encodeSettings(input.settings)}::jsonb,
            ${input.enabled}, ${input.priority}, ${input.watchId})
          RETURNING id`
        return (row as { id: BotId }).id
      }).pipe(
        withKeyLocks(sql, [`bots:${userId}`]),
        Effect.catchTag("SqlError", Effect.die),
        Effect.flatMap((id) => Effect.orDie(find(userId, id))),
        Effect.withSpan("BotsRepo.create")
      )

    const update = (userId: UserId, id: BotId, input: UpdateBot) =>
      Effect.gen(function* () {
        yield* watchOf(userId, input.watchId ?? null)
        const rows =
          yield* sql`UPDATE app_data.bots SET name = coalesce(${input.name ?? null}, name),
            settings = coalesce(${input.settings === undefined ? null : encodeSettings(input.settings)}::jsonb, settings),
            enabled = coalesce(${input.enabled ?? null}, enabled),
            priority = coalesce(${input.priority ?? null}, priority),
            watch_id = CASE WHEN ${input.watchId !== undefined} THEN ${input.watchId ?? null}::uuid
              ELSE watch_id END,
            updated_at = now()
          WHERE id = ${id} AND user_id = ${userId} RETURNING id`.pipe(Effect.orDie)
        return rows.length === 0 ? yield* botNotFound : yield* find(userId, id)
      }).pipe(Effect.withSpan("BotsRepo.update"))

    /** Deletes a bot with its closed groups; answers how many groups are open (then nothing is). */
    const remove = (userId: UserId, id: BotId) =>
      Effect.gen(function* () {
        const [bot] = yield* sql<{ open: number }>`
          SELECT (SELECT count(*)::int FROM app_data.position_groups g
                  WHERE g.bot_id = b.id AND g.state NOT IN ('closed', 'failed')) AS open
          FROM app_data.bots b WHERE b.id = ${id} AND b.user_id = ${userId} FOR UPDATE`
        if (bot === undefined) return yield* botNotFound
        if (bot.open === 0) yield* sql`DELETE FROM app_data.bots WHERE id = ${id}`
        return bot.open
      }).pipe(
        sql.withTransaction,
        Effect.catchTag("SqlError", Effect.die),
        Effect.withSpan("BotsRepo.remove")
      )

    /** How many bots use a connection or a portfolio (either cannot be deleted under them). */
    const usersOf = (userId: UserId, of: { connectionId?: string; portfolioId?: string }) =>
      sql<{ n: number }>`
        SELECT count(*)::int AS n FROM app_data.bots WHERE user_id = ${userId}
          AND (connection_id = ${of.connectionId ?? null} OR portfolio_id = ${of.portfolioId ?? null})`.pipe(
        Effect.map((rows) => rows[0]?.n ?? 0),
        Effect.orDie
      )

    return { find, list, create, update, remove, usersOf } as const
  })
}) {}
