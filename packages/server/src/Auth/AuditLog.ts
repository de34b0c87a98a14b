import { SqlClient } from "@effect/sql"
import type { UserId } from "@trading-app/domain"
import { Effect } from "effect"
import type { ClientInfo } from "../Http/ClientInfo.js"

export type AuditEvent =
  | "register"
  | "login_succeeded"
  | "login_failed"
  | "login_throttled"
  | "login_refused_disabled"
  | "refresh_token_reused"
  | "logout"

/** Security-relevant events, for investigation. Never holds passwords or tokens. */
export class AuditLog extends Effect.Service<AuditLog>()("AuditLog", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const record = (
      event: AuditEvent,
      userId: UserId | null,
      client: ClientInfo,
      details: Record<string, unknown> = {}
    ) =>
      sql`
        INSERT INTO app_data.audit_log (user_id, event, ip, user_agent, details)
        VALUES (${userId}, ${event}, ${client.ip}, ${client.userAgent}, ${JSON.stringify(details)}::jsonb)`.pipe(
        Effect.asVoid,
        Effect.orDie,
        Effect.withSpan("AuditLog.record", { attributes: { event } })
      )

    /** How many times an event came from an address within the last hour (registration limits). */
    const countFromIpLastHour = (event: AuditEvent, ip: string) =>
      sql<{ n: number }>`
        SELECT count(*)::int AS n FROM app_data.audit_log
        WHERE event = ${event} AND ip = ${ip} AND created_at > now() - interval '1 hour'`.pipe(
        Effect.map((rows) => rows[0]?.n ?? 0),
        Effect.orDie
      )

    return { record, countFromIpLastHour } as const
  })
}) {}
