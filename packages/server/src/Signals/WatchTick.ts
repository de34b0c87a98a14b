import { SqlClient } from "@effect/sql"
import { CANDLE_INTERVALS, StrategyDocument } from "@trading-app/domain"
import { Duration, Effect, Schema } from "effect"
import { JobQueue } from "../Jobs/JobQueue.js"
import type { Tick } from "../Jobs/Ticks.js"
import type { Bars } from "../Strategies/Bars.js"
import { BarsRepo } from "../Strategies/BarsRepo.js"
import { rulesWarmUp } from "../Strategies/Rules.js"
import { runInSlices } from "../Valuation/Yield.js"
import { LATE_BARS, nextCheck, replaySteps } from "./Live.js"
import { SignalsRepo } from "./SignalsRepo.js"
import { signalWebhookJob } from "./SignalWebhookJob.js"
import { type DueWatch, WatchesRepo } from "./WatchesRepo.js"

/**
 * Candles one replay may read, all symbols together (about 0.2 s of the engine, run in slices).
 * A watch that has run past it (four months of 1-minute candles) stops, asking to be started
 * again.
 */
export const MAX_WATCH_BARS = 200_000

/** How long a watch whose replay failed waits before the next try. */
const RETRY_AFTER = Duration.minutes(1)

const decodeDocument = Schema.decodeUnknown(StrategyDocument)

/** Reads a due watch's candles, replays it, records what is new and when to look again. */
const replayOne = (watch: DueWatch) =>
  Effect.gen(function* () {
    const watches = yield* WatchesRepo
    const signals = yield* SignalsRepo
    const barsRepo = yield* BarsRepo
    const queue = yield* JobQueue
    const decoded = yield* Effect.either(decodeDocument(watch.document))
    // A document this release cannot read will not become readable by waiting.
    if (decoded._tag === "Left")
      return yield* watches.stopWith(
        watch.id,
        "This version of the strategy can no longer be read; watch the strategy again"
      )
    const document = decoded.right
    const width = CANDLE_INTERVALS[document.timeframe]
    // Always from the same point, so each replay warms the indicators up alike.
    const warmUp = rulesWarmUp([document.entry, document.exit])
    const readFrom = new Date(watch.startedAt - (warmUp + 1) * width * 3)
    const now = Date.now()
    const bars = new Map<string, Bars>()
    let count = 0
    for (const symbol of document.symbols) {
      const read = yield* barsRepo.load(
        symbol,
        document.timeframe,
        readFrom,
        new Date(now),
        MAX_WATCH_BARS - count + 1
      )
      count += read.time.length
      bars.set(symbol, read)
    }
    if (count > MAX_WATCH_BARS)
      return yield* watches.stopWith(
        watch.id,
        `This watch has read ${MAX_WATCH_BARS.toLocaleString("en")} candles since it began, the most a replay reads; start it again to go on`
      )
    // In slices: requests and other work of this process run between them.
    const replay = yield* runInSlices(
      replaySteps(document, bars, watch.startedAt, watch.initialCapital)
    )
    const since = watch.lastBar === null ? watch.startedAt : watch.lastBar - LATE_BARS * width
    const recorded = yield* signals.record(
      watch.id,
      watch.userId,
      watch.webhook,
      replay.signals.filter((s) => s.time >= since)
    )
    if (watch.webhook)
      for (const signal of recorded)
        yield* queue.send(signalWebhookJob, { signalId: signal.id, userId: watch.userId })
    yield* watches.advance(watch.id, replay.lastBar ?? watch.lastBar, nextCheck(now, width), "")
  }).pipe(Effect.withSpan("WatchTick.replay", { attributes: { watchId: watch.id } }))

/**
 * Replays the watches whose candle has closed, on every replica: each claims due rows with
 * SKIP LOCKED, so a watch is replayed once per candle whichever replica takes it. Each watch
 * runs in its own savepoint: one that fails is tried again a minute later, without undoing the
 * others.
 */
export const watchTick: Tick<
  WatchesRepo | SignalsRepo | BarsRepo | JobQueue | SqlClient.SqlClient
> = {
  name: "strategy-watches",
  every: Duration.seconds(2),
  batch: 10,
  claim: (batch) =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const watches = yield* WatchesRepo
      const due = yield* watches.claimDue(batch)
      for (const watch of due)
        yield* sql
          .withTransaction(replayOne(watch))
          .pipe(
            Effect.catchAllCause((cause) =>
              Effect.zipRight(
                Effect.logWarning("A watch's replay failed", cause),
                watches.advance(
                  watch.id,
                  watch.lastBar,
                  Date.now() + Duration.toMillis(RETRY_AFTER),
                  "The last candle could not be read; trying again in a minute"
                )
              )
            )
          )
      return due.length
    })
}
