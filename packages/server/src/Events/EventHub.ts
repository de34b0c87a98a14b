import { PriceChanged, StoredEvent, type UserId } from "@trading-app/domain"
import { Duration, Effect, Either, Metric, MetricBoundaries, Queue, Schedule, Schema } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { EventsRepo, type OutboxRow } from "./EventsRepo.js"
import { eventIdOf, ORIGIN, type Position } from "./Position.js"

/** One SSE message: a stored change (with its id and position) or a price (neither). */
export interface Delivery {
  readonly id?: string
  readonly position?: Position
  readonly data: string
}

interface Subscriber {
  readonly queue: Queue.Queue<Delivery>
  symbols: ReadonlySet<string>
}

/** How often the outbox is read for new events; the main part of an event's delay. */
const POLL_INTERVAL = Duration.millis(200)
const BATCH = 1000
const PRICE_INTERVAL = Duration.seconds(2)
/** Messages a stream may fall behind by before it is closed (its client resumes by id). */
const STREAM_BACKLOG = 512

export const streamsOpen = Metric.gauge("event_streams_open", {
  description: "Event streams (GET /api/events) open on this replica"
})
export const deliveryLag = Metric.histogram(
  "event_delivery_lag_seconds",
  MetricBoundaries.exponential({ start: 0.05, factor: 2, count: 10 }),
  "From the start of an event's transaction to its hand-over to this replica's streams"
)

const decodeStored = Schema.decodeUnknownEither(StoredEvent)
const encodeStored = Schema.encodeSync(StoredEvent)
const encodePrice = Schema.encodeSync(PriceChanged)

/** An outbox row as its SSE message; a row the domain does not know is left out (logged). */
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
 * This replica's one reader of the outbox, handing each user's events to their open streams,
 * and its one reader of the prices of the symbols in those users' ledgers. Streams subscribe
 * here; nothing per stream polls the database.
 */
export class EventHub extends Effect.Service<EventHub>()("EventHub", {
  scoped: Effect.gen(function* () {
    const repo = yield* EventsRepo
    const market = yield* MarketDataRepo
    const byUser = new Map<UserId, Set<Subscriber>>()
    // Users whose ledger changed since their symbols were read.
    const staleSymbols = new Set<UserId>()
    const lock = yield* Effect.makeSemaphore(1)
    let cursor: Position = (yield* Effect.orDie(repo.head)) ?? ORIGIN

    /** Hands a message over; a stream too far behind is closed instead (it resumes by id). */
    const offer = (subscriber: Subscriber, delivery: Delivery) => {
      if (!Queue.unsafeOffer(subscriber.queue, delivery))
        Effect.runFork(Queue.shutdown(subscriber.queue))
    }

    const poll = lock.withPermits(1)(
      Effect.gen(function* () {
        const rows = yield* repo.after(cursor, BATCH)
        const now = Date.now()
        for (const row of rows) {
          cursor = { tx: row.tx, seq: row.seq }
          yield* Metric.update(deliveryLag, Math.max(0, now - row.createdAtMs) / 1000)
          const subscribers = byUser.get(row.userId)
          if (subscribers === undefined) continue
          if (row.type === "transactions.changed") staleSymbols.add(row.userId)
          const delivery = deliveryOf(row)
          if (Either.isLeft(delivery)) {
            yield* Effect.logWarning(`Event of unknown shape left out: ${row.type}`)
            continue
          }
          for (const subscriber of subscribers) offer(subscriber, delivery.right)
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
      const wanted = new Set<string>()
      for (const subscribers of byUser.values())
        for (const subscriber of subscribers) for (const s of subscriber.symbols) wanted.add(s)
      if (wanted.size === 0) return
      for (const price of yield* market.latestPrices([...wanted])) {
        const key = `${price.price}@${price.time}`
        if (lastPrice.get(price.symbol) === key) continue
        lastPrice.set(price.symbol, key)
        const data = JSON.stringify(encodePrice({ type: "price", ...price }))
        for (const subscribers of byUser.values())
          for (const subscriber of subscribers)
            if (subscriber.symbols.has(price.symbol)) offer(subscriber, { data })
      }
    })
    yield* prices.pipe(
      Effect.catchAllCause((cause) => Effect.logWarning("Could not read the live prices", cause)),
      Effect.repeat(Schedule.spaced(PRICE_INTERVAL)),
      Effect.forkScoped
    )

    /**
     * A stream's subscription, for as long as its scope lasts: its queue, and the position from
     * which the queue carries the user's events (what came before is in the outbox).
     */
    const subscribe = (userId: UserId) =>
      Effect.acquireRelease(
        Effect.gen(function* () {
          const queue = yield* Queue.bounded<Delivery>(STREAM_BACKLOG)
          const subscriber: Subscriber = {
            queue,
            symbols: new Set(yield* repo.ledgerSymbols(userId))
          }
          const from = yield* lock.withPermits(1)(
            Effect.sync(() => {
              const subscribers = byUser.get(userId) ?? new Set()
              subscribers.add(subscriber)
              byUser.set(userId, subscribers)
              return cursor
            })
          )
          yield* Metric.increment(streamsOpen)
          return { subscriber, from }
        }),
        ({ subscriber }) =>
          Effect.zipRight(
            Effect.sync(() => {
              const subscribers = byUser.get(userId)
              subscribers?.delete(subscriber)
              if (subscribers?.size === 0) byUser.delete(userId)
            }),
            Effect.zipRight(Metric.incrementBy(streamsOpen, -1), Queue.shutdown(subscriber.queue))
          )
      ).pipe(Effect.map(({ subscriber, from }) => ({ queue: subscriber.queue, from })))

    return { subscribe } as const
  }),
  dependencies: [EventsRepo.Default, MarketDataRepo.Default]
}) {}
