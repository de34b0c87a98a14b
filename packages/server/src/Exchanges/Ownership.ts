import type { SqlClient } from "@effect/sql"
import {
  type ConnectionId,
  type ExchangeMode,
  NotFound,
  type PortfolioId,
  type UserId
} from "@trading-app/domain"
import { Effect } from "effect"

/**
 * What trades on a connection into a portfolio (a bot, an order by hand) checks first: both are
 * the user's (404 naming which is not). Answers the connection's mode.
 */
export const ownedConnectionMode = (
  sql: SqlClient.SqlClient,
  userId: UserId,
  connectionId: ConnectionId,
  portfolioId: PortfolioId
) =>
  Effect.gen(function* () {
    const [row] = yield* sql<{ mode: ExchangeMode | null; portfolio: boolean }>`
      SELECT (SELECT mode FROM app_data.exchange_connections
              WHERE id = ${connectionId} AND user_id = ${userId}) AS mode,
        EXISTS (SELECT 1 FROM app_data.user_portfolios
                WHERE id = ${portfolioId} AND user_id = ${userId}) AS portfolio`
    if (row?.mode == null) return yield* new NotFound({ message: "Connection not found" })
    if (!row.portfolio) return yield* new NotFound({ message: "Portfolio not found" })
    return row.mode
  })
