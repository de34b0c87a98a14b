import { Deferred, Effect } from "effect"

/**
 * Set when the HTTP server starts draining: long-lived responses (the event streams) end then,
 * so their clients reconnect to another replica instead of holding this one until the grace ends.
 */
export class Draining extends Effect.Service<Draining>()("Draining", {
  effect: Effect.map(Deferred.make<void>(), (deferred) => ({
    start: Deferred.succeed(deferred, undefined),
    /** Completes once draining has started. */
    started: Deferred.await(deferred)
  }))
}) {}
