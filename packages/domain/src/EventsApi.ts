import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { Authentication } from "./Authentication.js"
import { TooManyRequests, Unauthorized } from "./Errors.js"
import { EventId, EventStreamParams, StreamTicket } from "./EventStream.js"

export const EventStreamHeaders = Schema.Struct({
  "last-event-id": Schema.optional(EventId)
})

export class EventsApi extends HttpApiGroup.make("events")
  .add(
    HttpApiEndpoint.post("ticket", "/ticket")
      .addSuccess(StreamTicket)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "A ticket to open your event stream, valid for 60 seconds")
  )
  .add(
    HttpApiEndpoint.get("stream", "/")
      .setUrlParams(EventStreamParams)
      .setHeaders(EventStreamHeaders)
      .addSuccess(HttpApiSchema.Text({ contentType: "text/event-stream" }))
      .addError(Unauthorized)
      .addError(TooManyRequests)
      .annotate(OpenApi.Summary, "Your changes and the prices of what you hold, as they happen")
      .annotate(
        OpenApi.Description,
        "Server-Sent Events. Each message's `data` is a StreamEvent (JSON, its `type` says which); " +
          "stored changes carry an `id` (EventId). After a dropped connection, resume with the " +
          "Last-Event-ID header (EventSource sends it) or ?lastEventId=: every event after it " +
          "is sent once, in order, whichever replica answers. A comment line every 15 seconds " +
          "keeps the connection open. The stream ends when the session ends or the server " +
          "restarts; reconnect with a new ticket."
      )
  )
  .prefix("/events")
  .annotate(OpenApi.Title, "Events") {}
