import { randomBytes } from "node:crypto"
import { hostname } from "node:os"
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Metric, Schedule } from "effect"
import { AppConfig } from "../AppConfig.js"
import { DbPool } from "../Database/Database.js"
import { lastDeliveryLag, streamsOpen } from "../Events/EventHub.js"
import { requestWindow } from "../Observability/Metrics.js"
import { type RequestSummary, summarize } from "./RequestWindow.js"

/** What a process reports of itself (the `stats` of its replica_status row). */
export interface ReplicaStats {
  readonly requests: RequestSummary
  readonly openEventStreams: number
  readonly eventLagSeconds: number
  readonly pool: { readonly total: number; readonly idle: number; readonly waiting: number }
}

/**
 * Reports this process to the operations dashboard at start and every
 * OPERATIONS_REPORT_SECONDS: one upsert of its own row, no coordination between replicas. A
 * clean stop deletes the row. A report that fails is skipped (the dashboard shows the process
 * as gone once its last report is a minute old).
 */
export const ReplicaReporterLive = (role: "app" | "worker") =>
  Layer.scopedDiscard(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const pool = yield* DbPool
      const config = yield* AppConfig
      // Several processes may share a host name (containers aside: tests, pnpm worker).
      const id = `${hostname()}/${process.pid}/${randomBytes(2).toString("hex")}`
      const startedAt = new Date()

      const report = Effect.gen(function* () {
        const stats: ReplicaStats = {
          requests: summarize(requestWindow, Date.now()),
          openEventStreams: (yield* Metric.value(streamsOpen)).value,
          eventLagSeconds: (yield* Metric.value(lastDeliveryLag)).value,
          pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }
        }
        yield* sql`
          INSERT INTO app_data.replica_status (id, role, version, started_at, seen_at, stats)
          VALUES (${id}, ${role}, ${config.appVersion}, ${startedAt}, now(), ${JSON.stringify(stats)}::jsonb)
          ON CONFLICT (id) DO UPDATE SET seen_at = now(), stats = EXCLUDED.stats`
      }).pipe(
        Effect.catchAll((error) =>
          Effect.logWarning("Could not report to the operations dashboard", error)
        )
      )

      yield* report
      yield* report.pipe(
        Effect.repeat(Schedule.spaced(config.operationsReportInterval)),
        Effect.forkScoped
      )
      yield* Effect.addFinalizer(() =>
        sql`DELETE FROM app_data.replica_status WHERE id = ${id}`.pipe(Effect.ignore)
      )
    })
  )
