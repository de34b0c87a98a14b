import {
  type ExecutionSignalId,
  type InstrumentSymbol,
  NotFound,
  type RiskLimits,
  type RiskOverview,
  type UserId
} from "@trading-app/domain"
import { BigDecimal, Effect } from "effect"
import { EngineRepo } from "../Engine/EngineRepo.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { dailyLossHalt, figure } from "./Limits.js"
import { RiskRepo } from "./RiskRepo.js"

const ZERO = BigDecimal.fromBigInt(0n)

/** The risk page: limits, their use, the queue; setting limits; taking entries off the queue. */
export class RiskService extends Effect.Service<RiskService>()("RiskService", {
  effect: Effect.gen(function* () {
    const risk = yield* RiskRepo
    const engine = yield* EngineRepo
    const audit = yield* AuditLog

    const overview = (userId: UserId) =>
      Effect.gen(function* () {
        const [limits, book, queue, killed] = yield* Effect.all([
          risk.limits(userId),
          risk.book(userId),
          risk.queued(userId),
          Effect.orDie(engine.haltOf(userId))
        ])
        const bySymbol = new Map<string, { groups: number; exposure: BigDecimal.BigDecimal }>()
        for (const g of book.groups) {
          const s = bySymbol.get(g.symbol) ?? { groups: 0, exposure: ZERO }
          bySymbol.set(g.symbol, {
            groups: s.groups + 1,
            exposure: BigDecimal.sum(s.exposure, g.committed)
          })
        }
        return {
          limits,
          openGroups: book.groups.length,
          totalExposure: figure(book.groups.reduce((s, g) => BigDecimal.sum(s, g.committed), ZERO)),
          symbols: [...bySymbol]
            .map(([symbol, s]) => ({
              symbol: symbol as InstrumentSymbol,
              groups: s.groups,
              exposure: figure(s.exposure)
            }))
            .sort((a, b) => a.symbol.localeCompare(b.symbol)),
          realisedToday: figure(book.realisedToday),
          entriesHalted: killed ?? dailyLossHalt(limits, book.realisedToday) ?? null,
          queue
        } satisfies RiskOverview
      }).pipe(Effect.withSpan("Risk.overview"))

    const setLimits = (userId: UserId, limits: RiskLimits) =>
      Effect.gen(function* () {
        yield* risk.setLimits(userId, limits)
        yield* audit.record("risk_limits_changed", {
          user: userId,
          category: "risk",
          target: `risk-limits:${userId}`,
          details: { ...limits }
        })
        return yield* overview(userId)
      })

    const dropQueued = (userId: UserId, id: ExecutionSignalId) =>
      Effect.flatMap(risk.dropQueued(userId, id), (dropped) =>
        dropped ? Effect.void : new NotFound({ message: "No such entry in your queue" })
      )

    return { overview, setLimits, dropQueued } as const
  }),
  dependencies: [RiskRepo.Default]
}) {}
