import type { ExecutionSignalId, GroupId, UserId } from "@trading-app/domain"
import { BigDecimal, Effect } from "effect"
import type { Tick } from "../Jobs/Ticks.js"
import type { AuditLog } from "../Logs/AuditLog.js"
import type { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { figure, mitigationPlan, type Position } from "../Risk/Limits.js"
import { RISK_CHECK_EVERY, type RiskRepo } from "../Risk/RiskRepo.js"
import type { EngineRepo } from "./EngineRepo.js"

/** Entries one check promotes for a user at most: the rest wait for the next. */
const MAX_PROMOTIONS = 10

export interface RiskDeps {
  readonly risk: RiskRepo
  readonly repo: EngineRepo
  readonly market: MarketDataRepo
  readonly audit: AuditLog
  /** Acts on a signal and advances the group it touched. */
  readonly process: (userId: UserId, id: ExecutionSignalId) => Effect.Effect<void>
  readonly advance: (id: GroupId) => Effect.Effect<void>
}

/** Queued entries past their time leave the queue; the best are acted on while they fit. */
export const promote = ({ risk, process }: RiskDeps, userId: UserId) =>
  Effect.gen(function* () {
    yield* risk.expireQueued(userId)
    for (let i = 0; i < MAX_PROMOTIONS; i++) {
      const [best] = yield* risk.queued(userId)
      if (best === undefined) return
      yield* process(userId, best.id)
      // Still waiting: the best does not fit, so nothing after it goes ahead of it.
      if ((yield* risk.queued(userId)).some((q) => q.id === best.id)) return
    }
  })

/**
 * The mitigation, when the user turned it on: a group whose loss passed the threshold is closed
 * together with winning groups whose profit covers it (see Limits.ts), and the audit log says
 * which, and why.
 */
const mitigate = ({ risk, repo, market, audit, advance }: RiskDeps, userId: UserId) =>
  Effect.gen(function* () {
    const limits = yield* risk.limits(userId)
    if (!limits.mitigation) return
    const held = yield* risk.positions(userId)
    if (held.length < 2) return
    const prices = new Map(
      (yield* market.latestPrices([...new Set(held.map((h) => h.symbol))])).map((p) => [
        p.symbol,
        p.price
      ])
    )
    const positions = held.flatMap((h): ReadonlyArray<Position<GroupId>> => {
      const price = prices.get(h.symbol)
      return price === undefined
        ? []
        : [
            {
              id: h.id,
              cost: BigDecimal.unsafeFromString(h.cost),
              value: BigDecimal.multiply(
                BigDecimal.unsafeFromString(h.held),
                BigDecimal.unsafeFromString(price)
              )
            }
          ]
    })
    const threshold = limits.mitigationLossPercent
    const plan = mitigationPlan(positions, BigDecimal.unsafeFromString(threshold))
    if (plan === undefined) return
    const covered = plan.winners.reduce(
      (s, w) => BigDecimal.sum(s, w.profit),
      BigDecimal.fromBigInt(0n)
    )
    const reason = `Risk mitigation: a loss of ${figure(plan.loss)} (${figure(plan.lossPercent)}%, past ${threshold}%) offset by ${plan.winners.length} winning group${plan.winners.length === 1 ? "" : "s"} making ${figure(covered)}`
    const ids = [plan.loser, ...plan.winners.map((w) => w.id)]
    yield* Effect.forEach(ids, (id) => repo.closeGroup(id, reason), { discard: true })
    yield* audit.record("risk_mitigation", {
      user: userId,
      category: "risk",
      target: `group:${plan.loser}`,
      details: {
        reason,
        loser: {
          group: plan.loser,
          loss: figure(plan.loss),
          lossPercent: figure(plan.lossPercent)
        },
        winners: plan.winners.map((w) => ({ group: w.id, profit: figure(w.profit) })),
        thresholdPercent: threshold
      }
    })
    yield* Effect.forEach(ids, advance, { discard: true })
  })

/**
 * Every 30 s, on every replica: each user with queued entries or the mitigation on is leased by
 * one replica for 30 s (RiskRepo.leaseDue), then their queue is promoted and their mitigation
 * checked.
 */
export const riskTick = (deps: RiskDeps): Tick<never> => ({
  name: "execution-risk",
  every: RISK_CHECK_EVERY,
  batch: 20,
  transactional: false,
  claim: (batch) =>
    Effect.flatMap(deps.risk.leaseDue(batch), (users) =>
      Effect.as(
        Effect.forEach(
          users,
          ({ userId }) =>
            Effect.zipRight(promote(deps, userId), mitigate(deps, userId)).pipe(
              Effect.catchAllCause((cause) =>
                Effect.logWarning("A user's risk check failed", cause).pipe(
                  Effect.annotateLogs({ userId })
                )
              )
            ),
          { discard: true }
        ),
        users.length
      )
    )
})
