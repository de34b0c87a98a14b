import { Effect, Layer } from "effect"
import { accountExportHandler } from "../Account/AccountExport.js"
import { AccountExportsRepo } from "../Account/AccountExportsRepo.js"
import { AppConfig } from "../AppConfig.js"
import { Engine } from "../Engine/Engine.js"
import {
  EVENTS_MAINTENANCE_CRON,
  eventsMaintenanceHandler,
  eventsMaintenanceJob
} from "../Events/EventsMaintenance.js"
import { EventsRepo } from "../Events/EventsRepo.js"
import { Connections } from "../Exchanges/Connections.js"
import { ConnectionsRepo } from "../Exchanges/ConnectionsRepo.js"
import {
  HOUSEKEEPING_CRON,
  housekeepingHandler,
  housekeepingJob
} from "../Housekeeping/Housekeeping.js"
import { HousekeepingRepo } from "../Housekeeping/HousekeepingRepo.js"
import { ImportsRepo } from "../Imports/ImportsRepo.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { ManualOrders } from "../Orders/ManualOrders.js"
import { PortfoliosRepo } from "../Portfolios/PortfoliosRepo.js"
import { documentHandler } from "../Research/Documents.js"
import { DocumentsRepo } from "../Research/DocumentsRepo.js"
import { REWRAP_CRON, rewrapHandler, rewrapJob } from "../Secrets/Rewrap.js"
import { SecretBox } from "../Secrets/SecretBox.js"
import { SignalsRepo } from "../Signals/SignalsRepo.js"
import { signalWebhookHandler } from "../Signals/SignalWebhookJob.js"
import { WatchesRepo } from "../Signals/WatchesRepo.js"
import { watchTick } from "../Signals/WatchTick.js"
import { WebhooksRepo } from "../Signals/WebhooksRepo.js"
import { backtestHandler } from "../Strategies/Backtests.js"
import { BacktestsRepo } from "../Strategies/BacktestsRepo.js"
import { BarsRepo } from "../Strategies/BarsRepo.js"
import { CandleBudget } from "../Strategies/CandleBudget.js"
import { searchChunkHandler } from "../Strategies/Searches.js"
import { SearchesRepo } from "../Strategies/SearchesRepo.js"
import { StrategiesRepo } from "../Strategies/StrategiesRepo.js"
import { Transactions } from "../Transactions/Transactions.js"
import { UsersRepo } from "../Users/UsersRepo.js"
import { JobQueue } from "./JobQueue.js"
import { runTicks } from "./Ticks.js"
import { runWorkers } from "./Workers.js"

/**
 * The job queue, the cron schedules, and (unless JOB_WORKERS=false, as for an app replica
 * beside separate worker processes) the workers of every queue and the periodic ticks in this
 * process.
 */
export const JobsLive = Layer.scopedDiscard(
  Effect.gen(function* () {
    const { jobWorkers } = yield* AppConfig
    const queue = yield* JobQueue
    yield* queue.schedule(housekeepingJob, HOUSEKEEPING_CRON, {})
    yield* queue.schedule(eventsMaintenanceJob, EVENTS_MAINTENANCE_CRON, {})
    // At start too (once an hour across replicas), so a new month never lacks its partition.
    yield* queue.send(eventsMaintenanceJob, {}, { singletonKey: "start", singletonSeconds: 3600 })
    yield* queue.schedule(rewrapJob, REWRAP_CRON, {})
    // At start too: a master key just made current re-wraps what the older ones wrapped.
    yield* queue.send(rewrapJob, {}, { singletonKey: "start", singletonSeconds: 600 })
    if (!jobWorkers) return
    const connections = yield* Connections
    const engine = yield* Engine
    const manualOrders = yield* ManualOrders
    yield* runTicks([watchTick, connections.checkTick, ...engine.ticks, manualOrders.tick])
    yield* runWorkers([
      housekeepingHandler,
      eventsMaintenanceHandler,
      accountExportHandler,
      backtestHandler,
      documentHandler,
      searchChunkHandler,
      signalWebhookHandler,
      rewrapHandler
    ])
  })
).pipe(
  Layer.provide([Connections.Default, Engine.Default, ManualOrders.Default]),
  Layer.provide([
    HousekeepingRepo.Default,
    EventsRepo.Default,
    AccountExportsRepo.Default,
    UsersRepo.Default,
    PortfoliosRepo.Default,
    Transactions.Default,
    ImportsRepo.Default,
    BacktestsRepo.Default,
    BarsRepo.Default,
    CandleBudget.Default,
    StrategiesRepo.Default,
    MarketDataRepo.Default,
    DocumentsRepo.Default,
    SearchesRepo.Default,
    WatchesRepo.Default,
    SignalsRepo.Default,
    WebhooksRepo.Default,
    SecretBox.Default,
    AuditLog.Default,
    ConnectionsRepo.Default
  ]),
  Layer.provideMerge(JobQueue.Default)
)
