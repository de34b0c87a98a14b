import { Schema } from "effect"

/**
 * The outcome of the latest check of a connection's keys (or, for paper, of the feed). Apart
 * from Connections.ts so that the event stream's schema (on the web app's first screen) takes
 * only this.
 */
export const ConnectionStatus = Schema.Literal("unchecked", "ok", "failed").annotations({
  identifier: "ConnectionStatus"
})
export type ConnectionStatus = typeof ConnectionStatus.Type
