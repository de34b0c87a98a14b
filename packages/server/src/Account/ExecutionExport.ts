import { SqlClient } from "@effect/sql"
import type { UserId } from "@trading-app/domain"
import { Effect } from "effect"

/**
 * What the execution engine holds of a user, for their data download: bots, position groups
 * with every order, the signals received, manual orders and the risk limits (figures as exact
 * decimal strings). Connections are exported apart, as the API shows them (never their keys).
 */
export const executionExport = (userId: UserId) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql<{ execution: unknown }>`SELECT json_build_object(
      'bots', coalesce((SELECT json_agg(json_build_object('id', b.id, 'name', b.name,
          'connectionId', b.connection_id, 'portfolioId', b.portfolio_id, 'symbol', b.symbol,
          'exchangeSymbol', b.exchange_symbol, 'settings', b.settings, 'enabled', b.enabled,
          'priority', b.priority, 'watchId', b.watch_id, 'createdAt', b.created_at)
          ORDER BY b.created_at, b.id)
        FROM app_data.bots b WHERE b.user_id = ${userId}), '[]'::json),
      'groups', coalesce((SELECT json_agg(json_build_object('id', g.id, 'botId', g.bot_id,
          'symbol', g.symbol, 'state', g.state, 'entries', g.entries, 'settings', g.settings,
          'closeReason', g.close_reason, 'openedAt', g.opened_at, 'closedAt', g.closed_at,
          'orders', coalesce((SELECT json_agg(json_build_object(
              'clientOrderId', o.client_order_id, 'exchangeOrderId', o.exchange_order_id,
              'role', o.role, 'leg', o.leg, 'side', o.side, 'type', o.type,
              'price', trim_scale(o.price)::text, 'quantity', trim_scale(o.quantity)::text,
              'status', o.status, 'filledQuantity', trim_scale(o.filled_quantity)::text,
              'filledCost', trim_scale(o.filled_cost)::text, 'fee', trim_scale(o.fee)::text,
              'message', o.message, 'createdAt', o.created_at) ORDER BY o.created_at, o.id)
            FROM app_data.group_orders o WHERE o.group_id = g.id), '[]'::json))
          ORDER BY g.opened_at, g.id)
        FROM app_data.position_groups g WHERE g.user_id = ${userId}), '[]'::json),
      'signals', coalesce((SELECT json_agg(json_build_object('id', s.id, 'source', s.source,
          'botId', s.bot_id, 'symbol', s.symbol, 'action', s.action, 'kind', s.kind,
          'state', s.state, 'reason', s.reason, 'groupId', s.group_id, 'sentAt', s.sent_at,
          'receivedAt', s.received_at) ORDER BY s.received_at, s.id)
        FROM app_data.execution_signals s WHERE s.user_id = ${userId}), '[]'::json),
      'manualOrders', coalesce((SELECT json_agg(json_build_object('id', m.id,
          'connectionId', m.connection_id, 'portfolioId', m.portfolio_id, 'symbol', m.symbol,
          'side', m.side, 'type', m.type, 'price', trim_scale(m.price)::text,
          'quantity', trim_scale(m.quantity)::text, 'status', m.status,
          'filledQuantity', trim_scale(m.filled_quantity)::text,
          'filledCost', trim_scale(m.filled_cost)::text, 'fee', trim_scale(m.fee)::text,
          'createdAt', m.created_at) ORDER BY m.created_at, m.id)
        FROM app_data.manual_orders m WHERE m.user_id = ${userId}), '[]'::json),
      'riskLimits', (SELECT json_build_object('maxOpenGroups', r.max_open_groups,
          'maxSymbolExposure', trim_scale(r.max_symbol_exposure)::text,
          'maxTotalExposure', trim_scale(r.max_total_exposure)::text,
          'maxDailyLoss', trim_scale(r.max_daily_loss)::text, 'queueMinutes', r.queue_minutes,
          'mitigation', r.mitigation,
          'mitigationLossPercent', trim_scale(r.mitigation_loss_percent)::text)
        FROM app_data.risk_limits r WHERE r.user_id = ${userId})
    ) AS execution`.pipe(
      Effect.map((rows) => rows[0]?.execution),
      Effect.orDie
    )
  )
