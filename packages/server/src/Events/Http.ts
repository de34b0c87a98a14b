import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect, Option, Stream } from "effect"
import { Auth } from "../Auth/Auth.js"
import { eventStream } from "./EventStream.js"

export const EventsHttpLive = HttpApiBuilder.group(Api, "events", (handlers) =>
  Effect.gen(function* () {
    const auth = yield* Auth
    const context = yield* Effect.context<Stream.Stream.Context<ReturnType<typeof eventStream>>>()
    return handlers
      .handle("ticket", () => Effect.flatMap(CurrentUser, auth.streamTicket))
      .handleRaw("stream", ({ urlParams, headers }) =>
        Effect.map(auth.authenticateStream(urlParams.ticket), ({ userId, sessionId }) => {
          const last = Option.fromNullable(headers["last-event-id"] ?? urlParams.lastEventId)
          return HttpServerResponse.stream(
            eventStream(userId, sessionId, last).pipe(
              Stream.provideContext(context),
              Stream.encodeText
            ),
            {
              contentType: "text/event-stream",
              // nginx: pass each message on at once (see the /api/events location).
              headers: { "cache-control": "no-store", "x-accel-buffering": "no" }
            }
          )
        })
      )
  })
)
