import type { HttpServerRequest } from "@effect/platform"
import { Duration, Effect, Fiber } from "effect"
import type { AppConfigShape } from "../AppConfig.js"
import { isEndpoint } from "./Routes.js"

const isChat = isEndpoint("ai", "chat")

/** How long a request may run: REQUEST_DEADLINE, plus the Librarian's own for a question. */
export const deadlines = (config: Pick<AppConfigShape, "requestDeadline" | "librarian">) => {
  const chat = Duration.sum(config.requestDeadline, config.librarian.deadline)
  return (request: HttpServerRequest.HttpServerRequest) =>
    isChat(request.method, request.url) ? chat : config.requestDeadline
}

/**
 * Runs a request's work, and answers with `onTimeout` once `deadline` has passed instead of
 * holding the client while, say, the database stalls. The late work is then interrupted in the
 * background (a statement in flight is cancelled, a transaction rolled back); a statement that
 * already reached the database may still complete, which is why the answer says so. A client
 * that goes away does not stop the work, as the platform's requests are uninterruptible: a write
 * it started is finished.
 */
export const withDeadline = <A, E, R, B>(
  work: Effect.Effect<A, E, R>,
  deadline: Duration.Duration,
  onTimeout: Effect.Effect<B>
): Effect.Effect<A | B, E, R> =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkDaemon(Effect.interruptible(work))
    return yield* Fiber.join(fiber).pipe(
      Effect.timeoutTo({
        duration: deadline,
        onSuccess: Effect.succeed<A | B>,
        onTimeout: () => Effect.zipRight(Fiber.interruptFork(fiber), onTimeout)
      }),
      Effect.flatten,
      Effect.interruptible
    )
  })
