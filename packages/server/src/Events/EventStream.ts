import type { UserId } from "@trading-app/domain"
import { Duration, Effect, Either, Option, Schedule, Stream } from "effect"
import { AppConfig } from "../AppConfig.js"
import { Auth } from "../Auth/Auth.js"
import { Draining } from "../Http/Draining.js"
import { type Delivery, deliveryOf, EventHub } from "./EventHub.js"
import { EventsRepo } from "./EventsRepo.js"
import { compare, eventIdOf, type Position, positionOf } from "./Position.js"

/** Missed events replayed at most; beyond, the client is told to reload (resync). */
const MAX_REPLAY = 5000
const RECONNECT_MS = 2000

const message = (d: Delivery) =>
  d.id === undefined ? `data: ${d.data}\n\n` : `id: ${d.id}\ndata: ${d.data}\n\n`

const resyncAt = (position: Position) =>
  message({ id: eventIdOf(position), data: JSON.stringify({ type: "resync" }) })

/**
 * One user's event stream as SSE text: after `lastEventId` (when resuming), the missed events
 * from the outbox, then the live ones from this replica's hub, each once and in order, with
 * heartbeats (a comment line every EVENTS_HEARTBEAT_SECONDS keeps proxies from closing an idle
 * stream). It ends when the session is revoked, after EVENTS_STREAM_MAX_SECONDS (the client
 * then reconnects with a new ticket, so a stream never outlives its session by long), or when the server drains.
 */
export const eventStream = (
  userId: UserId,
  sessionId: string,
  lastEventId: Option.Option<string>
) =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const hub = yield* EventHub
      const repo = yield* EventsRepo
      const auth = yield* Auth
      const draining = yield* Draining
      const { eventsHeartbeat, eventsStreamMaxAge } = yield* AppConfig
      const { queue, from } = yield* hub.subscribe(userId)
      const last = Option.map(lastEventId, positionOf)

      // The queue holds the events after `from`; the outbox those between `last` and `from`.
      let replay: ReadonlyArray<string> = []
      let seen = from
      if (Option.isSome(last) && compare(last.value, from) < 0) {
        const oldest = yield* repo.oldest
        const rows = yield* repo.between(userId, last.value, from, MAX_REPLAY + 1)
        replay =
          rows.length > MAX_REPLAY || (oldest !== undefined && compare(last.value, oldest) < 0)
            ? [resyncAt(from)]
            : rows.flatMap((row) =>
                Either.match(deliveryOf(row), {
                  onLeft: () => [],
                  onRight: (d) => [message(d)]
                })
              )
      } else if (Option.isSome(last)) {
        // Another replica's reader was ahead of this one's: skip what the client has.
        seen = last.value
      }

      const live = Stream.fromQueue(queue).pipe(
        Stream.filter((d) => d.position === undefined || compare(d.position, seen) > 0),
        Stream.map(message)
      )
      const heartbeats = Stream.fromSchedule(Schedule.spaced(eventsHeartbeat)).pipe(
        Stream.map(() => ": keep-alive\n\n")
      )
      const revoked = Effect.repeat(
        Effect.sync(() => auth.isRevoked(sessionId)),
        {
          schedule: Schedule.spaced(Duration.seconds(5)),
          until: (isRevoked) => isRevoked
        }
      )
      return Stream.make(`retry: ${RECONNECT_MS}\n\n`, ...replay).pipe(
        Stream.concat(Stream.merge(live, heartbeats)),
        Stream.interruptWhen(
          Effect.raceAll([draining.started, revoked, Effect.sleep(eventsStreamMaxAge)])
        )
      )
    }).pipe(
      // The database did not answer: end at once; the client retries after RECONNECT_MS.
      Effect.catchAll((error) =>
        Effect.as(
          Effect.logWarning("Could not open an event stream", error),
          Stream.make(`retry: ${RECONNECT_MS}\n\n`)
        )
      )
    )
  )
