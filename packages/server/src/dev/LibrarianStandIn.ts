import { Config, Effect, Option } from "effect"

/**
 * Without LIBRARIAN_URL, `pnpm start` runs the Librarian stand-in (infra/librarian-standin) on
 * a free loopback port and points the app at it, marked as the stand-in so the API says so.
 * With LIBRARIAN_URL set, nothing is started and the stand-in is never used.
 */
export const librarianStandIn = Effect.gen(function* () {
  const configured = yield* Config.option(Config.string("LIBRARIAN_URL"))
  if (Option.isSome(configured)) return []
  const standIn = yield* Effect.acquireRelease(
    // Loaded on demand: production images run without it.
    Effect.promise(() =>
      import("@trading-app/librarian-standin").then(({ startStandIn }) => startStandIn())
    ),
    (s) => Effect.promise(() => s.close())
  )
  yield* Effect.logInfo(
    `No LIBRARIAN_URL: the assistant answers from the development stand-in at ${standIn.url}`
  )
  return [
    ["LIBRARIAN_URL", standIn.url],
    ["LIBRARIAN_STAND_IN", "true"]
  ] as const
})
