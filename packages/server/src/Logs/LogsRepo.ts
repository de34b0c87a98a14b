import { SqlClient, type Statement } from "@effect/sql"
import {
  AuditEntry,
  type AuditFilters,
  type LogLevel,
  SystemLogEntry,
  type SystemLogFilters,
  type UserId,
  ValidationError
} from "@trading-app/domain"
import { Effect, Schema } from "effect"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

/** Where a page starts: below this entry id (the cursor of both logs is the last id shown). */
export type Before = string | undefined

/** A `cursor` parameter of a log's page, or a ValidationError naming it. */
export const logCursor = (cursor: string | undefined) =>
  cursor === undefined || /^[1-9]\d{0,18}$/.test(cursor)
    ? Effect.succeed<Before>(cursor)
    : Effect.fail(
        ValidationError.field(["cursor"], "The cursor is not valid; start again without it")
      )

/** A page of `limit` from `limit + 1` rows, newest first, with the cursor after its last row. */
export const logPage = <A extends { readonly id: string }>(
  rows: ReadonlyArray<A>,
  limit: number
) => {
  const items = rows.slice(0, limit)
  return {
    items,
    nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null
  }
}

const LEVELS_FROM: Record<LogLevel, ReadonlyArray<LogLevel>> = {
  warning: ["warning", "error", "fatal"],
  error: ["error", "fatal"],
  fatal: ["fatal"]
}

const decodeAudit = rowsDecoder(Schema.typeSchema(AuditEntry))
const decodeSystem = rowsDecoder(Schema.typeSchema(SystemLogEntry))

/** Reads the audit and system logs, newest first, by filters; entries are only ever added. */
export class LogsRepo extends Effect.Service<LogsRepo>()("LogsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const timeAndCursor = (
      alias: string,
      f: { readonly from?: string | undefined; readonly to?: string | undefined },
      before: Before
    ): Array<Statement.Fragment> => [
      ...(f.from === undefined ? [] : [sql`${sql(alias)}.created_at >= ${f.from}`]),
      ...(f.to === undefined ? [] : [sql`${sql(alias)}.created_at < ${f.to}`]),
      ...(before === undefined ? [] : [sql`${sql(alias)}.id < ${before}`])
    ]

    const loggedUser = (column: string, alias: string) =>
      sql.literal(`CASE WHEN ${column} IS NULL THEN NULL
        ELSE json_build_object('id', ${column}, 'email', ${alias}.email) END`)

    /** Audit entries matching `filters` (and, for a user's own view, these actions only). */
    const audit = (
      filters: AuditFilters & {
        readonly about?: UserId
        readonly actions?: ReadonlyArray<string>
      },
      before: Before,
      limit: number
    ) =>
      sql`
        SELECT a.id::text AS id, ${sql.literal(isoTimestamp("a.created_at", "at"))}, a.action,
               a.category, ${loggedUser("a.actor_id", "actor")} AS actor,
               ${loggedUser("a.user_id", "u")} AS "user", a.target, a.ip,
               a.user_agent AS "userAgent", a.request_id AS "requestId", a.details
        FROM app_data.audit_log a
        LEFT JOIN app_data.users actor ON actor.id = a.actor_id
        LEFT JOIN app_data.users u ON u.id = a.user_id
        WHERE ${sql.and([
          ...timeAndCursor("a", filters, before),
          ...(filters.userId === undefined
            ? []
            : [sql`(a.user_id = ${filters.userId} OR a.actor_id = ${filters.userId})`]),
          ...(filters.about === undefined ? [] : [sql`a.user_id = ${filters.about}`]),
          ...(filters.action === undefined ? [] : [sql`a.action = ${filters.action}`]),
          ...(filters.category === undefined ? [] : [sql`a.category = ${filters.category}`]),
          ...(filters.actions === undefined ? [] : [sql`a.action IN ${sql.in(filters.actions)}`])
        ])}
        ORDER BY a.id DESC LIMIT ${limit}`.pipe(
        Effect.flatMap(decodeAudit),
        Effect.orDie,
        Effect.withSpan("LogsRepo.audit")
      )

    /** A user's own security events. */
    const securityEventsOf = (
      userId: UserId,
      actions: ReadonlyArray<string>,
      before: Before,
      limit: number
    ) => audit({ about: userId, actions }, before, limit)

    const system = (filters: SystemLogFilters, before: Before, limit: number) =>
      sql`
        SELECT s.id::text AS id, ${sql.literal(isoTimestamp("s.created_at", "at"))}, s.level,
               s.category, s.message, s.details, s.request_id AS "requestId",
               s.user_id AS "userId", s.replica
        FROM app_data.system_log s
        WHERE ${sql.and([
          ...timeAndCursor("s", filters, before),
          ...(filters.level === undefined
            ? []
            : [sql`s.level IN ${sql.in(LEVELS_FROM[filters.level])}`]),
          ...(filters.category === undefined ? [] : [sql`s.category = ${filters.category}`]),
          ...(filters.userId === undefined ? [] : [sql`s.user_id = ${filters.userId}`])
        ])}
        ORDER BY s.id DESC LIMIT ${limit}`.pipe(
        Effect.flatMap(decodeSystem),
        Effect.orDie,
        Effect.withSpan("LogsRepo.system")
      )

    return { audit, securityEventsOf, system } as const
  })
}) {}
