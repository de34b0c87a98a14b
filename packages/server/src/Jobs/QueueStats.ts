import { SqlClient, SqlSchema } from "@effect/sql"
import { QueueStats } from "@trading-app/domain"
import { Effect, Schema } from "effect"
import { JOBS_SCHEMA } from "./JobDefinition.js"

/** The backlog of every queue (pg-boss's own internal queue aside), empty ones included. */
export const queueStats = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  SqlSchema.findAll({
    Request: Schema.Void,
    Result: QueueStats,
    execute: () => sql`SELECT q.name AS queue,
      count(j.id) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now())::int
        AS waiting,
      count(j.id) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after > now())::int
        AS scheduled,
      count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
      count(j.id) FILTER (WHERE j.state = 'failed')::int AS failed,
      COALESCE(EXTRACT(epoch FROM now() - min(j.start_after)
        FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now())), 0)::float8
        AS "oldestWaitingSeconds"
    FROM ${sql(JOBS_SCHEMA)}.queue q
    LEFT JOIN ${sql(JOBS_SCHEMA)}.job j ON j.name = q.name
    WHERE q.name NOT LIKE '\_\_pgboss\_\_%'
    GROUP BY q.name ORDER BY q.name`
  })(undefined)
)
