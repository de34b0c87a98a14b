import { HttpApp, HttpServerResponse } from "@effect/platform"
import type { TooManyRequests } from "@trading-app/domain"
import { Effect } from "effect"

/** Adds the standard Retry-After header when the effect fails with TooManyRequests. */
export const withRetryAfter = <A, E extends { readonly _tag: string }, R>(
  effect: Effect.Effect<A, E, R>
) =>
  Effect.tapError(effect, (error) =>
    error._tag === "TooManyRequests"
      ? HttpApp.appendPreResponseHandler((_request, response) =>
          Effect.succeed(
            HttpServerResponse.setHeader(
              response,
              "retry-after",
              String((error as unknown as TooManyRequests).retryAfter)
            )
          )
        )
      : Effect.void
  )
