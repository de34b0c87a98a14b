import { SqlClient } from "@effect/sql"
import type { OperationsDashboard, ReplicaReport } from "@trading-app/domain"
import { Duration, Effect, Option } from "effect"
import { queueStats } from "../Jobs/QueueStats.js"
import { Librarian } from "../Librarian/Librarian.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import type { ReplicaStats } from "./ReplicaReporter.js"
import { figuresOf, mergeSummaries } from "./RequestWindow.js"

/** Each part gets this long; one that does not answer is reported as unknown. */
const PART_TIMEOUT = Duration.seconds(2)

const within = <A, E, R>(part: Effect.Effect<A, E, R>) =>
  part.pipe(Effect.timeout(PART_TIMEOUT), Effect.option)

const ageOf = (seconds: number | null) => (seconds === null ? null : Math.max(0, seconds))

/** The operations dashboard: every part read at once, each on its own. */
export class Dashboard extends Effect.Service<Dashboard>()("Dashboard", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const market = yield* MarketDataRepo
    const librarian = yield* Librarian

    const database = Effect.gen(function* () {
      const started = performance.now()
      yield* sql`SELECT 1`
      const latencyMs = Math.round((performance.now() - started) * 10) / 10
      const [facts] = yield* sql<{
        version: string
        sizeBytes: string
        connections: number
        maxConnections: number
      }>`SELECT current_setting('server_version') AS version,
                pg_database_size(current_database())::text AS "sizeBytes",
                (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()) AS connections,
                current_setting('max_connections')::int AS "maxConnections"`
      return {
        reachable: true,
        latencyMs,
        version: facts!.version,
        sizeBytes: Number(facts!.sizeBytes),
        connections: facts!.connections,
        maxConnections: facts!.maxConnections
      }
    })

    const replicas = sql<{
      id: string
      role: "app" | "worker"
      version: string
      startedAt: Date
      uptimeSeconds: number
      lastSeenSecondsAgo: number
      stats: ReplicaStats
    }>`SELECT id, role, version, started_at AS "startedAt",
              extract(epoch FROM now() - started_at)::float8 AS "uptimeSeconds",
              extract(epoch FROM now() - seen_at)::float8 AS "lastSeenSecondsAgo", stats
       FROM app_data.replica_status WHERE seen_at > now() - interval '1 minute'
       ORDER BY role, started_at, id`

    const dashboard = Effect.gen(function* () {
      const [db, reports, freshness, jobs, assistant] = yield* Effect.all(
        [
          within(database),
          within(replicas),
          within(market.freshness),
          within(queueStats),
          librarian.status
        ],
        { concurrency: "unbounded" }
      )
      const rows = Option.getOrElse(reports, () => [])
      const replicaReports: Array<ReplicaReport> = rows.map((r) => ({
        id: r.id,
        role: r.role,
        version: r.version,
        startedAt: r.startedAt.toISOString() as ReplicaReport["startedAt"],
        uptimeSeconds: Math.max(0, Math.round(r.uptimeSeconds)),
        lastSeenSecondsAgo: Math.max(0, Math.round(r.lastSeenSecondsAgo * 10) / 10),
        requests: figuresOf(r.stats.requests),
        openEventStreams: r.stats.openEventStreams,
        eventLagSeconds: r.stats.eventLagSeconds,
        pool: r.stats.pool
      }))
      return {
        generatedAt: new Date().toISOString() as OperationsDashboard["generatedAt"],
        database: Option.getOrElse(db, () => ({
          reachable: false,
          latencyMs: null,
          version: null,
          sizeBytes: null,
          connections: null,
          maxConnections: null
        })),
        requests: figuresOf(mergeSummaries(rows.map((r) => r.stats.requests))),
        replicas: replicaReports,
        marketData: Option.getOrElse(freshness, () => []).map((f) => ({
          symbol: f.symbol,
          active: f.active,
          lastCandleAgeSeconds: ageOf(f.lastCandleAgeSeconds),
          lastTradeAgeSeconds: ageOf(f.lastTradeAgeSeconds)
        })),
        librarian: assistant,
        jobs: Option.getOrElse(jobs, () => []),
        events: {
          openStreams: replicaReports.reduce((sum, r) => sum + r.openEventStreams, 0),
          maxLagSeconds:
            replicaReports.length === 0
              ? null
              : Math.max(...replicaReports.map((r) => r.eventLagSeconds))
        }
      } satisfies OperationsDashboard
    }).pipe(Effect.withSpan("Dashboard.read"))

    return { dashboard } as const
  }),
  dependencies: [MarketDataRepo.Default, Librarian.Default]
}) {}
