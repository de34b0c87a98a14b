import { Schema } from "effect"
import { Timestamp } from "./Timestamp.js"

// Apart from the events' shapes (Events.ts): the stream's endpoints, in every page's API
// client, need only these; the shapes are read by the stream's reader, loaded later.

/**
 * An event's place in the stream: the writing transaction's id and a sequence number, each as
 * 16 hex digits, so that ids sort as text in the order they are delivered.
 */
export const EventId = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{16}-[0-9a-f]{16}$/, {
    message: () => "An event id is two groups of 16 hex digits joined by '-', as the stream sent it"
  })
).annotations({ identifier: "EventId" })

export const StreamTicket = Schema.Struct({
  ticket: Schema.String.annotations({ description: "Pass as ?ticket= to GET /api/events" }),
  expiresAt: Timestamp
}).annotations({ identifier: "StreamTicket" })

export const EventStreamParams = Schema.Struct({
  ticket: Schema.String.annotations({
    description: "A stream ticket from POST /api/events/ticket (EventSource cannot send headers)"
  }),
  lastEventId: Schema.optional(EventId).annotations({
    description:
      "Resume after this event, when opening a new EventSource (a reconnecting one sends the Last-Event-ID header)"
  })
})
