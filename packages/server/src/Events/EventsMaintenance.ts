import { Duration, Effect, Schema } from "effect"
import { AppConfig } from "../AppConfig.js"
import { defineJob } from "../Jobs/JobDefinition.js"
import { handle } from "../Jobs/Workers.js"
import { EventsRepo } from "./EventsRepo.js"

/**
 * Daily, and at every start: the events outbox gets its coming months' partitions (three are
 * kept ahead, so a few missed days change nothing) and loses the months past retention.
 */
export const eventsMaintenanceJob = defineJob({
  name: "events-maintenance",
  payload: Schema.Struct({}),
  settings: { retryLimit: 5, expireInSeconds: 5 * 60, batchSize: 1 }
})

/** 03:17 UTC. */
export const EVENTS_MAINTENANCE_CRON = "17 3 * * *"

export const eventsMaintenanceHandler = handle(eventsMaintenanceJob, () =>
  Effect.gen(function* () {
    const { eventsRetention } = yield* AppConfig
    const repo = yield* EventsRepo
    const dropped = yield* repo.maintainPartitions(
      Math.ceil(Duration.toHours(eventsRetention) / 24)
    )
    yield* Effect.logInfo("Events outbox maintained").pipe(
      Effect.annotateLogs({ droppedPartitions: dropped })
    )
  })
)
