import { SqlClient } from "@effect/sql"
import type { KillSwitch, KillSwitches, SetKillSwitch, UserId } from "@trading-app/domain"
import { Effect } from "effect"
import { isoTimestamp } from "../Database/SqlTime.js"
import { Engine } from "../Engine/Engine.js"
import { EngineRepo } from "../Engine/EngineRepo.js"
import { AuditLog } from "../Logs/AuditLog.js"

const off: KillSwitch = { engaged: false, reason: "", engagedAt: null }

/**
 * Kill switches: each user's own, and a global one held by administrators. Engaging one cancels
 * the working entry orders of the open groups under it (and, asked to, closes them); while it
 * is engaged, the engine refuses entries (see Engine.ts).
 */
export class KillSwitchService extends Effect.Service<KillSwitchService>()("KillSwitchService", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const repo = yield* EngineRepo
    const engine = yield* Engine
    const audit = yield* AuditLog

    const state = (userId: UserId) =>
      sql<KillSwitch & { scope: string }>`
        SELECT scope, true AS engaged, reason,
          ${sql.literal(isoTimestamp("engaged_at", "engagedAt"))}
        FROM app_data.kill_switches WHERE scope = 'global' OR scope = ${`user:${userId}`}`.pipe(
        Effect.map((rows): KillSwitches => {
          const of = (scope: string) => {
            const row = rows.find((r) => r.scope === scope)
            return row === undefined
              ? off
              : { engaged: true, reason: row.reason, engagedAt: row.engagedAt }
          }
          return { user: of(`user:${userId}`), global: of("global") }
        }),
        Effect.orDie
      )

    /** Sets a switch (`owner` null: the global one), as `actor`; answers the actor's view. */
    const set = (owner: UserId | null, actor: UserId, input: SetKillSwitch) =>
      Effect.gen(function* () {
        const scope = owner === null ? "global" : `user:${owner}`
        if (input.engaged) {
          yield* sql`INSERT INTO app_data.kill_switches (scope, user_id, reason, engaged_by)
            VALUES (${scope}, ${owner}, ${input.reason}, ${actor})
            ON CONFLICT (scope) DO UPDATE SET reason = excluded.reason,
              engaged_by = excluded.engaged_by, engaged_at = now()`.pipe(Effect.orDie)
          const groups = yield* repo.halt(
            owner,
            input.closeAll ? `Closed by the ${owner === null ? "global " : ""}kill switch` : null
          )
          yield* audit.record(
            input.closeAll ? "kill_switch_engaged_closing" : "kill_switch_engaged",
            {
              user: owner,
              actor,
              category: "risk",
              target: `kill-switch:${scope}`,
              details: { reason: input.reason, groups: groups.length, closeAll: input.closeAll }
            }
          )
          // The groups' entry orders are cancelled (and the groups closed) now, not at the next tick.
          yield* Effect.forkDaemon(
            Effect.forEach(groups, engine.advance, { concurrency: 4, discard: true })
          )
        } else {
          yield* sql`DELETE FROM app_data.kill_switches WHERE scope = ${scope}`.pipe(Effect.orDie)
          yield* audit.record("kill_switch_released", {
            user: owner,
            actor,
            category: "risk",
            target: `kill-switch:${scope}`
          })
        }
        return yield* state(actor)
      }).pipe(Effect.withSpan("KillSwitches.set"))

    return { state, set } as const
  })
}) {}
