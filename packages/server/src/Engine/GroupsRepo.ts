import { SqlClient } from "@effect/sql"
import {
  ExecutionSignal,
  type GroupId,
  NotFound,
  PositionGroup,
  PositionGroupDetail,
  type UserId
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import type { Cursor } from "../Database/KeysetCursor.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"
import { EngineRepo } from "./EngineRepo.js"

const decodeGroups = rowsDecoder(Schema.typeSchema(PositionGroup))
const decodeDetails = rowsDecoder(
  Schema.typeSchema(PositionGroupDetail.pipe(Schema.omit("orders")))
)
const decodeSignals = rowsDecoder(Schema.typeSchema(ExecutionSignal))

export const groupNotFound = new NotFound({ message: "Position group not found" })

/** What the API shows of groups and received signals, always scoped by the owner's id. */
export class GroupsRepo extends Effect.Service<GroupsRepo>()("GroupsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const engine = yield* EngineRepo
    const columns = sql.literal(`g.id, g.bot_id AS "botId", b.name AS "botName",
      g.portfolio_id AS "portfolioId", g.symbol, g.state, g.entries,
      trim_scale(g.bought_quantity - g.sold_quantity)::text AS quantity,
      CASE WHEN g.bought_quantity > 0
        THEN trim_scale(round(g.bought_cost / g.bought_quantity, 10))::text END AS "averagePrice",
      trim_scale(round(g.sold_proceeds - (g.fees - bf.fees) - CASE WHEN g.bought_quantity > 0
        THEN g.sold_quantity * (g.bought_cost + bf.fees) / g.bought_quantity ELSE 0 END, 10))::text AS "realizedPnl",
      g.close_reason AS "closeReason", ${isoTimestamp("g.opened_at", "openedAt")},
      ${isoTimestamp("g.closed_at", "closedAt")}`)
    // Realised P&L is of what was sold: its proceeds less the sales' fees and less the sold part
    // of the cost, the purchases' fees included (average cost), so an open group that sold
    // nothing has realised nothing, and a closed one all of its result.
    const groups = sql.literal(`app_data.position_groups g JOIN app_data.bots b ON b.id = g.bot_id
      CROSS JOIN LATERAL (SELECT coalesce(sum(o.fee), 0) AS fees FROM app_data.group_orders o
        WHERE o.group_id = g.id AND o.side = 'buy') bf`)

    /** A page of groups, latest first: `limit + 1` rows, the last telling whether more follow. */
    const page = (
      userId: UserId,
      state: "open" | "closed" | undefined,
      limit: number,
      after: Cursor | undefined
    ) =>
      sql`SELECT ${columns} FROM ${groups}
          WHERE g.user_id = ${userId}
            AND ${state === undefined ? sql`true` : state === "open" ? sql`g.state NOT IN ('closed', 'failed')` : sql`g.state IN ('closed', 'failed')`}
            AND ${after === undefined ? sql`true` : sql`(g.opened_at, g.id) < (${after.at}::timestamptz, ${after.id}::uuid)`}
          ORDER BY g.opened_at DESC, g.id DESC LIMIT ${limit + 1}`.pipe(
        Effect.flatMap(decodeGroups),
        Effect.orDie,
        Effect.withSpan("GroupsRepo.page")
      )

    const detail = (userId: UserId, id: GroupId) =>
      Effect.gen(function* () {
        const [group] = yield* sql`SELECT ${columns}, g.settings->>'takeProfit' AS "takeProfit"
          FROM ${groups} WHERE g.id = ${id} AND g.user_id = ${userId}`.pipe(
          Effect.flatMap(decodeDetails),
          Effect.orDie
        )
        if (group === undefined) return yield* groupNotFound
        const orders = yield* engine.ordersOf(sql`group_id = ${id}`)
        return { ...group, orders }
      }).pipe(Effect.withSpan("GroupsRepo.detail"))

    const signals = (userId: UserId, limit: number, after: Cursor | undefined) =>
      sql`SELECT id, source, bot_id AS "botId", symbol, action, kind, state, reason,
            group_id AS "groupId", ${sql.literal(isoTimestamp("sent_at", "sentAt"))},
            ${sql.literal(isoTimestamp("received_at", "receivedAt"))}
          FROM app_data.execution_signals WHERE user_id = ${userId}
            AND ${after === undefined ? sql`true` : sql`(received_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)`}
          ORDER BY received_at DESC, id DESC LIMIT ${limit + 1}`.pipe(
        Effect.flatMap(decodeSignals),
        Effect.orDie,
        Effect.withSpan("GroupsRepo.signals")
      )

    return { page, detail, signals } as const
  }),
  dependencies: [EngineRepo.Default]
}) {}
