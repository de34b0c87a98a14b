import { PriceChanged, StoredEvent, type UserId } from "@trading-app/domain"
import { Duration, Effect, Either, Metric, MetricBoundaries, Schedule, Schema } from "effect"
import { AppConfig } from "../AppConfig.js"
import { Draining } from "../Http/Draining.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { EventsRepo, type OutboxRow } from "./EventsRepo.js"
import { eventIdOf, ORIGIN, type Position } from "./Position.js"
import type { Delivery, Subscriber } from "./Sse.js"

/** How often the outbox is read for new events: the main part of an event's delay. */
const POLL_INTERVAL = Duration.millis(200)
const BATCH = 1000
const PRICE_INTERVAL = Duration.seconds(2)

export const streamsOpen = Metric.gauge("event_streams_open", {
  description: "Event streams (GET /api/events) open on this replica"
})
export const lastDeliveryLag = Metric.gauge("event_delivery_lag_last_seconds", {
  description: "The delivery lag of the last event this replica handed over (0 before any)"
})
export const deliveryLag = Metric.histogram(
  "event_delivery_lag_seconds",
  MetricBoundaries.exponential({ start: 0.05, factor: 2, count: 10 }),
  "From the start of an event's transaction to its hand-over to this replica's streams"
)

const decodeStored = Schema.decodeUnknownEither(StoredEvent)
const encodeStored = Schema.encodeSync(StoredEvent)
const encodePrice = Schema.encodeSync(PriceChanged)

/** An outbox row as its SSE message; a row the domain does not know is left out. */
export const deliveryOf = (row: OutboxRow) =>
  Either.map(
    decodeStored({ ...(row.payload as object), type: row.type }),
    (event): Delivery => ({
      id: eventIdOf(row),
      position: { tx: row.tx, seq: row.seq },
      data: JSON.stringify(encodeStored(event))
    })
  )

/**
 * This replica's one reader of the outbox, handing each user's events to their open streams;
 * its one reader of the prices of the symbols in those users' ledgers; and the one timer that
 * sends every stream its heartbeat and ends those whose session or time is over. Nothing per
 * stream polls or waits.
 */
export class EventHub extends Effect.Service<EventHub>()("EventHub", {
  scoped: Effect.gen(function* () {
    const repo = yield* EventsRepo
    const market = yield* MarketDataRepo
    const config = yield* AppConfig
    const draining = yield* Draining
    const byUser = new Map<UserId, Set<Subscriber>>()
    // Users whose ledger changed since their symbols were read.
    const staleSymbols = new Set<UserId>()
    const lock = yield* Effect.makeSemaphore(1)
    let cursor: Position = (yield* Effect.orDie(repo.head)) ?? ORIGIN
    let closing = false

    const everyone = () => [...byUser.values()].flatMap((subscribers) => [...subscribers])

    const poll = lock.withPermits(1)(
      Effect.gen(function* () {
        const rows = yield* repo.after(cursor, BATCH)
        const now = Date.now()
        for (const row of rows) {
          cursor = { tx: row.tx, seq: row.seq }
          const lag = Math.max(0, now - row.createdAtMs) / 1000
          yield* Metric.update(deliveryLag, lag)
          yield* Metric.set(lastDeliveryLag, lag)
          const subscribers = byUser.get(row.userId)
          if (subscribers === undefined) continue
          if (row.type === "transactions.changed") staleSymbols.add(row.userId)
          const delivery = deliveryOf(row)
          if (Either.isLeft(delivery)) {
            yield* Effect.logWarning(`Event of unknown shape left out: ${row.type}`)
            continue
          }
          for (const subscriber of subscribers) subscriber.deliver(delivery.right)
        }
        return rows.length
      })
    )
    yield* poll.pipe(
      // A full batch: read on at once.
      Effect.repeat({ while: (n) => n === BATCH }),
      Effect.catchAllCause((cause) => Effect.logWarning("Could not read the events outbox", cause)),
      Effect.repeat(Schedule.spaced(POLL_INTERVAL)),
      Effect.forkScoped
    )

    const lastPrice = new Map<string, string>()
    const prices = Effect.gen(function* () {
      for (const userId of staleSymbols) {
        staleSymbols.delete(userId)
        const subscribers = byUser.get(userId)
        if (subscribers === undefined) continue
        const symbols = new Set(yield* repo.ledgerSymbols(userId))
        for (const subscriber of subscribers) subscriber.symbols = symbols
      }
      const wanted = new Set(everyone().flatMap((s) => [...s.symbols]))
      if (wanted.size === 0) return
      for (const price of yield* market.latestPrices([...wanted])) {
        const key = `${price.price}@${price.time}`
        if (lastPrice.get(price.symbol) === key) continue
        lastPrice.set(price.symbol, key)
        const delivery = { data: JSON.stringify(encodePrice({ type: "price", ...price })) }
        for (const subscriber of everyone())
          if (subscriber.symbols.has(price.symbol)) subscriber.deliver(delivery)
      }
    })
    yield* prices.pipe(
      Effect.catchAllCause((cause) => Effect.logWarning("Could not read the live prices", cause)),
      Effect.repeat(Schedule.spaced(PRICE_INTERVAL)),
      Effect.forkScoped
    )

    const maxAge = Duration.toMillis(config.eventsStreamMaxAge)
    const sweep = Effect.sync(() => {
      const now = Date.now()
      for (const subscriber of everyone()) {
        if (!subscriber.sessionValid() || now - subscriber.openedAt > maxAge) subscriber.end()
        else subscriber.write(": keep-alive\n\n")
      }
    })
    yield* sweep.pipe(Effect.repeat(Schedule.spaced(config.eventsHeartbeat)), Effect.forkScoped)

    // Draining: every stream ends now, so its client reconnects to another replica.
    const endAll = Effect.sync(() => {
      closing = true
      for (const subscriber of everyone()) subscriber.end()
    })
    yield* Effect.forkScoped(Effect.zipRight(draining.started, endAll))
    yield* Effect.addFinalizer(() => endAll)

    /**
     * Adds a stream: from now on it gets its user's events after the returned position (the
     * ones before are in the outbox).
     */
    const register = (subscriber: Subscriber) =>
      lock
        .withPermits(1)(
          Effect.sync(() => {
            if (closing) subscriber.end()
            const subscribers = byUser.get(subscriber.userId) ?? new Set()
            subscribers.add(subscriber)
            byUser.set(subscriber.userId, subscribers)
            subscriber.seen = cursor
            return cursor
          })
        )
        .pipe(Effect.tap(() => Metric.increment(streamsOpen)))

    const unregister = (subscriber: Subscriber) => {
      const subscribers = byUser.get(subscriber.userId)
      if (subscribers?.delete(subscriber) !== true) return
      if (subscribers.size === 0) byUser.delete(subscriber.userId)
      Effect.runSync(Metric.incrementBy(streamsOpen, -1))
    }

    return { register, unregister } as const
  }),
  dependencies: [EventsRepo.Default, MarketDataRepo.Default]
}) {}
