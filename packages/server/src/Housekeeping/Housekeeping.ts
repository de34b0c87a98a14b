import { Duration, Effect, Schema } from "effect"
import { AppConfig } from "../AppConfig.js"
import { defineJob } from "../Jobs/JobDefinition.js"
import { handle } from "../Jobs/Workers.js"
import { HousekeepingRepo } from "./HousekeepingRepo.js"

/**
 * Hourly: forgets what can no longer matter (old sign-in attempts, ended sessions, request
 * counts past the rate limit's window) and log entries past their retention.
 */
export const housekeepingJob = defineJob({
  name: "housekeeping",
  payload: Schema.Struct({}),
  settings: { retryLimit: 3, expireInSeconds: 10 * 60, batchSize: 1 }
})

/** Minute 7 of every hour, UTC. */
export const HOUSEKEEPING_CRON = "7 * * * *"

export const housekeepingHandler = handle(housekeepingJob, () =>
  Effect.gen(function* () {
    const repo = yield* HousekeepingRepo
    const loginAttempts = yield* repo.loginAttempts
    const refreshTokens = yield* repo.refreshTokens
    const sessions = yield* repo.sessions
    const requestCounts = yield* repo.requestCounts
    const replicaReports = yield* repo.replicaReports
    const accountExports = yield* repo.accountExports
    const uploadsAndResets = yield* repo.uploadsAndResets
    const config = yield* AppConfig
    const logs = yield* repo.logs(
      Duration.toDays(config.auditRetention),
      Duration.toDays(config.systemLogRetention)
    )
    yield* Effect.logInfo("Housekeeping done").pipe(
      Effect.annotateLogs({
        loginAttempts,
        refreshTokens,
        sessions,
        requestCounts,
        replicaReports,
        accountExports,
        uploadsAndResets,
        auditEntries: logs.audit,
        systemLogEntries: logs.system
      })
    )
  })
)
