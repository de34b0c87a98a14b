import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { Auth } from "../Auth/Auth.js"
import { withRetryAfter } from "../Http/RetryAfter.js"
import { Admission } from "../RateLimit/Admission.js"
import { EventHub } from "./EventHub.js"
import { openEventStream } from "./EventStream.js"
import { EventsRepo } from "./EventsRepo.js"

export const EventsHttpLive = HttpApiBuilder.group(Api, "events", (handlers) =>
  Effect.gen(function* () {
    const auth = yield* Auth
    const hub = yield* EventHub
    const repo = yield* EventsRepo
    const admission = yield* Admission
    return handlers
      .handle("ticket", () => Effect.flatMap(CurrentUser, auth.streamTicket))
      .handleRaw("stream", ({ urlParams, headers }) =>
        Effect.gen(function* () {
          const { userId, sessionId } = yield* auth.authenticateStream(urlParams.ticket)
          yield* admission.admit(userId)
          const last = Option.fromNullable(headers["last-event-id"] ?? urlParams.lastEventId)
          const body = yield* openEventStream(userId, () => !auth.isRevoked(sessionId), last).pipe(
            Effect.provideService(EventHub, hub),
            Effect.provideService(EventsRepo, repo),
            Effect.orDie
          )
          return HttpServerResponse.raw(body, {
            contentType: "text/event-stream",
            // nginx: pass each message on at once (see the /api/events location).
            headers: { "cache-control": "no-store", "x-accel-buffering": "no" }
          })
        }).pipe(withRetryAfter)
      )
  })
)
