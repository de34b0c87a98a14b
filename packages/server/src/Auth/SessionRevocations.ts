import { Duration, Effect, Schedule } from "effect"
import { AppConfig } from "../AppConfig.js"
import { SessionsRepo } from "./SessionsRepo.js"

// Re-read revocations this far back on every poll, so that one committed late is not missed.
const OVERLAP = Duration.seconds(30)

/**
 * Which sign-in sessions were revoked, known in memory so that checking an access token costs no
 * query. A revocation made here counts at once; one made by another replica counts from its next
 * poll (SESSION_REVOCATION_POLL_INTERVAL). A session needs remembering only while access tokens
 * issued before its revocation may still be unexpired; expiry itself is in each token, which never
 * outlives its session.
 */
export class SessionRevocations extends Effect.Service<SessionRevocations>()("SessionRevocations", {
  scoped: Effect.gen(function* () {
    const config = yield* AppConfig
    const sessions = yield* SessionsRepo
    const remember = Duration.sum(config.accessTokenTtl, Duration.minutes(1))
    const revoked = new Map<string, number>()
    let since: Date | undefined

    const add = (sessionId: string) => {
      revoked.set(sessionId, Date.now())
    }
    const prune = () => {
      const before = Date.now() - Duration.toMillis(remember)
      for (const [id, at] of revoked) if (at < before) revoked.delete(id)
    }
    const poll = Effect.gen(function* () {
      const result = yield* sessions.revokedSince(since, remember)
      for (const id of result.ids) if (!revoked.has(id)) add(id)
      since = new Date(result.now.getTime() - Duration.toMillis(OVERLAP))
      prune()
    })

    // Know every recent revocation before serving the first request.
    yield* Effect.orDie(poll)
    yield* poll.pipe(
      Effect.catchAll((error) => Effect.logWarning("Could not refresh session revocations", error)),
      Effect.repeat(Schedule.spaced(config.sessionRevocationPollInterval)),
      Effect.forkScoped
    )

    return {
      isRevoked: (sessionId: string) => revoked.has(sessionId),
      add: (sessionId: string) => Effect.sync(() => add(sessionId))
    } as const
  }),
  dependencies: [SessionsRepo.Default]
}) {}
