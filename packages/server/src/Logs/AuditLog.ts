import { HttpServerRequest } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { SqlError } from "@effect/sql/SqlError"
import type { LogCategory, UserId } from "@trading-app/domain"
import { Effect, HashMap, Option } from "effect"
import { AppConfig } from "../AppConfig.js"
import { type ClientInfo, clientInfo } from "../Http/ClientInfo.js"

export type AuditAction =
  | "register"
  | "login_succeeded"
  | "login_failed"
  | "login_throttled"
  | "login_refused_disabled"
  | "refresh_token_reused"
  | "logout"
  | "role_changed"
  | "account_disabled"
  | "account_enabled"
  | "account_unlocked"
  | "sessions_ended"
  | "user_data_viewed"
  | "logs_exported"
  | "account_exported"
  | "password_changed"
  | "password_change_refused"
  | "session_ended"
  | "other_sessions_ended"
  | "account_deleted"
  | "portfolio_deleted"
  | "transaction_deleted"
  | "import_committed"
  | "password_reset_requested"
  | "password_reset"
  | "import_undone"
  | "signal_webhook_set"
  | "signal_webhook_removed"
  | "watch_started"
  | "watch_stopped"
  | "watch_webhook_changed"
  | "connection_created"
  | "connection_updated"
  | "connection_deleted"
  | "group_opened"
  | "group_entry_added"
  | "group_closing"
  | "bot_created"
  | "bot_updated"
  | "bot_deleted"
  | "tradingview_hook_rotated"
  | "kill_switch_engaged"
  | "kill_switch_engaged_closing"
  | "kill_switch_released"
  | "risk_limits_changed"
  | "risk_mitigation"
  | "manual_order_placed"
  | "manual_order_cancelled"

/** Actions a user sees among their own security events. */
export const SECURITY_EVENTS: ReadonlyArray<AuditAction> = [
  "register",
  "login_succeeded",
  "login_failed",
  "login_throttled",
  "login_refused_disabled",
  "refresh_token_reused",
  "logout",
  "role_changed",
  "account_disabled",
  "account_enabled",
  "account_unlocked",
  "sessions_ended",
  "account_exported",
  "password_changed",
  "password_change_refused",
  "session_ended",
  "other_sessions_ended",
  "password_reset_requested",
  "password_reset",
  "signal_webhook_set",
  "signal_webhook_removed",
  "connection_created",
  "connection_updated",
  "connection_deleted"
]

export interface AuditAbout {
  /** The account the entry is about. */
  readonly user: UserId | null
  /** Who acted: the user themself unless said otherwise; null when unknown. */
  readonly actor?: UserId | null
  readonly category?: LogCategory
  /** What was acted on when not the account itself, as "kind:id". */
  readonly target?: string
  /** Never a password or a token. */
  readonly details?: Record<string, unknown>
  /** Where the request came from; read from the current request when left out; null: nowhere. */
  readonly client?: ClientInfo | null
}

/**
 * Who did what to whom, from where, in which request: every security and business event. The
 * caller's address and the request id come from the request being served. Recorded in the
 * caller's transaction when there is one, so an audited change and its entry stand or fall
 * together.
 */
export class AuditLog extends Effect.Service<AuditLog>()("AuditLog", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const config = yield* AppConfig

    const currentClient = Effect.flatMap(
      Effect.serviceOption(HttpServerRequest.HttpServerRequest),
      Option.match({
        onNone: () => Effect.succeed<ClientInfo | null>(null),
        onSome: (request) =>
          clientInfo.pipe(
            Effect.provideService(HttpServerRequest.HttpServerRequest, request),
            Effect.provideService(AppConfig, config)
          )
      })
    )

    const record = (action: AuditAction, about: AuditAbout) =>
      Effect.gen(function* () {
        const client = about.client === undefined ? yield* currentClient : about.client
        const requestId = Option.getOrNull(
          HashMap.get(yield* Effect.logAnnotations, "requestId")
        ) as string | null
        const actor = about.actor === undefined ? about.user : about.actor
        yield* sql`
          INSERT INTO app_data.audit_log
            (user_id, actor_id, action, category, target, ip, user_agent, request_id, details)
          VALUES (${about.user}, ${actor}, ${action}, ${about.category ?? "security"},
                  ${about.target ?? null}, ${client?.ip ?? null}, ${client?.userAgent ?? null},
                  ${requestId}, ${JSON.stringify(about.details ?? {})}::jsonb)`
      }).pipe(
        Effect.asVoid,
        Effect.orDie,
        Effect.withSpan("AuditLog.record", { attributes: { action } })
      )

    /** Runs `change`, then records its entry, in one transaction. */
    const audited = <A, E, R>(
      change: Effect.Effect<A, E, R>,
      action: AuditAction,
      about: (result: A) => AuditAbout
    ) =>
      sql
        .withTransaction(Effect.tap(change, (result) => record(action, about(result))))
        .pipe(Effect.catchIf((e): e is SqlError => e instanceof SqlError, Effect.die))

    /** How many times an action came from an address within the last hour (registration limits). */
    const countFromIpLastHour = (action: AuditAction, ip: string) =>
      sql<{ n: number }>`
        SELECT count(*)::int AS n FROM app_data.audit_log
        WHERE action = ${action} AND ip = ${ip} AND created_at > now() - interval '1 hour'`.pipe(
        Effect.map((rows) => rows[0]?.n ?? 0),
        Effect.orDie
      )

    return { record, audited, countFromIpLastHour } as const
  })
}) {}
