import { PassThrough } from "node:stream"
import type { UserId } from "@trading-app/domain"
import { Effect, Either, Option } from "effect"
import { deliveryOf, EventHub } from "./EventHub.js"
import { EventsRepo } from "./EventsRepo.js"
import { compare, eventIdOf, ORIGIN, positionOf } from "./Position.js"
import { message, Subscriber } from "./Sse.js"

/** Missed events replayed at most; beyond, the client is told to reload (resync). */
const MAX_REPLAY = 5000
/** How long EventSource waits before reconnecting by itself. */
const RECONNECT_MS = 2000
const RESYNC = JSON.stringify({ type: "resync" })

/**
 * Opens one user's event stream as SSE text: after `lastEventId` (when resuming), the missed
 * events from the outbox, then the live ones from this replica's hub, each once and in order.
 * The hub sends its heartbeats and ends it (session over, EVENTS_STREAM_MAX_SECONDS reached,
 * server draining); the client closing it unregisters it.
 */
export const openEventStream = (
  userId: UserId,
  sessionValid: () => boolean,
  lastEventId: Option.Option<string>
) =>
  Effect.gen(function* () {
    const hub = yield* EventHub
    const repo = yield* EventsRepo
    const symbols = new Set(yield* repo.ledgerSymbols(userId))
    const out = new PassThrough()
    const subscriber = new Subscriber(userId, out, sessionValid, ORIGIN, symbols)
    const from = yield* hub.register(subscriber)
    out.once("close", () => hub.unregister(subscriber))
    return yield* Effect.gen(function* () {
      subscriber.write(`retry: ${RECONNECT_MS}\n\n`)
      const last = Option.map(lastEventId, positionOf)
      if (Option.isSome(last) && compare(last.value, from) < 0) {
        // The outbox holds what came between the client's last event and the hub's position.
        const oldest = yield* repo.oldest
        const rows = yield* repo.between(userId, last.value, from, MAX_REPLAY + 1)
        if (rows.length > MAX_REPLAY || (oldest !== undefined && compare(last.value, oldest) < 0))
          subscriber.write(message({ id: eventIdOf(from), data: RESYNC }))
        else
          for (const row of rows) Either.map(deliveryOf(row), (d) => subscriber.write(message(d)))
      } else if (Option.isSome(last)) {
        // Another replica's reader was ahead of this one's: skip what the client has.
        subscriber.seen = last.value
      }
      subscriber.release()
      return out
    }).pipe(Effect.onError(() => Effect.sync(() => out.destroy())))
  })
