import { HttpApp, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"

/**
 * Adds the standard Retry-After header when the effect fails with an error that says how long
 * to wait (TooManyRequests, AssistantUnavailable when known).
 */
export const withRetryAfter = <A, E extends { readonly _tag: string }, R>(
  effect: Effect.Effect<A, E, R>
) =>
  Effect.tapError(effect, (error) => {
    const seconds = (error as { readonly retryAfter?: unknown }).retryAfter
    return typeof seconds === "number"
      ? HttpApp.appendPreResponseHandler((_request, response) =>
          Effect.succeed(HttpServerResponse.setHeader(response, "retry-after", String(seconds)))
        )
      : Effect.void
  })
