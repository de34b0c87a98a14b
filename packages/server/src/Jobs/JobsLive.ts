import { Effect, Layer } from "effect"
import { AppConfig } from "../AppConfig.js"
import {
  HOUSEKEEPING_CRON,
  housekeepingHandler,
  housekeepingJob
} from "../Housekeeping/Housekeeping.js"
import { HousekeepingRepo } from "../Housekeeping/HousekeepingRepo.js"
import { JobQueue } from "./JobQueue.js"
import { runWorkers } from "./Workers.js"

/**
 * The job queue, the cron schedules, and (unless JOB_WORKERS=false, as for an app replica
 * beside separate worker processes) the workers of every queue in this process.
 */
export const JobsLive = Layer.scopedDiscard(
  Effect.gen(function* () {
    const { jobWorkers } = yield* AppConfig
    const queue = yield* JobQueue
    yield* queue.schedule(housekeepingJob, HOUSEKEEPING_CRON, {})
    if (jobWorkers) yield* runWorkers([housekeepingHandler])
  })
).pipe(Layer.provide(HousekeepingRepo.Default), Layer.provideMerge(JobQueue.Default))
