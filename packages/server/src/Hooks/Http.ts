import { HttpApiBuilder } from "@effect/platform"
import {
  Api,
  atLeast,
  CurrentUser,
  NotFound,
  SignalTooLate,
  Unauthorized
} from "@trading-app/domain"
import { Duration, Effect } from "effect"
import { AppConfig } from "../AppConfig.js"
import { cursorParam, pageOf } from "../Database/KeysetCursor.js"
import { Engine } from "../Engine/Engine.js"
import { GroupsRepo } from "../Engine/GroupsRepo.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { HooksRepo, secretMatches } from "./HooksRepo.js"

/** Alerts more than this ahead of the server's clock are refused too. */
const MAX_AHEAD = Duration.seconds(60)

export const HooksHttpLive = HttpApiBuilder.group(Api, "hooks", (handlers) =>
  Effect.gen(function* () {
    const hooks = yield* HooksRepo
    const groups = yield* GroupsRepo
    const audit = yield* AuditLog
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("tradingView", () => Effect.flatMap(user, hooks.describe))
      .handle("rotateTradingView", () =>
        Effect.flatMap(user, (userId) =>
          Effect.tap(hooks.rotate(userId), () =>
            audit.record("tradingview_hook_rotated", { user: userId, category: "security" })
          )
        )
      )
      .handle("signals", ({ urlParams }) =>
        Effect.gen(function* () {
          const userId = yield* user
          const after = yield* cursorParam(urlParams.cursor)
          const rows = yield* groups.signals(userId, urlParams.limit, after)
          return pageOf(rows, urlParams.limit, (s) => ({ at: s.receivedAt, id: s.id }))
        })
      )
  })
)

/**
 * TradingView's alerts: the hook's secret checked in constant time, its owner still allowed to
 * trade, the alert recent, then stored and answered 202 (the engine acts on it right after).
 * Every refusal is logged with its reason.
 */
export const TradingViewHttpLive = HttpApiBuilder.group(Api, "tradingview", (handlers) =>
  Effect.gen(function* () {
    const hooks = yield* HooksRepo
    const engine = yield* Engine
    const { exchanges } = yield* AppConfig
    const refuse = <E>(reason: string, error: E, annotations: Record<string, unknown> = {}) =>
      Effect.zipRight(
        Effect.logWarning(`TradingView alert refused: ${reason}`).pipe(
          Effect.annotateLogs(annotations)
        ),
        Effect.fail(error)
      )
    return handlers.handle("alert", ({ path, payload }) =>
      Effect.gen(function* () {
        const hook = yield* hooks.byHookId(path.hookId)
        const unknown = new NotFound({ message: "No such webhook" })
        if (hook === undefined) return yield* refuse("no such webhook", unknown)
        const who = { userId: hook.userId }
        if (!secretMatches(payload.secret, hook.secretHash))
          return yield* refuse("wrong secret", new Unauthorized({ message: "Wrong secret" }), who)
        if (hook.disabled || !atLeast(hook.role, "trader"))
          return yield* refuse(
            "the account may not trade",
            new Unauthorized({ message: "This account may not trade" }),
            who
          )
        const lag = Date.now() - payload.time.getTime()
        if (lag > Duration.toMillis(exchanges.signalMaxLag))
          return yield* refuse(
            "too old",
            new SignalTooLate({
              message: `The alert's time is ${Math.round(lag / 1000)} s old, more than the ${Duration.toSeconds(exchanges.signalMaxLag)} s allowed`
            }),
            who
          )
        if (-lag > Duration.toMillis(MAX_AHEAD))
          return yield* refuse(
            "in the future",
            new SignalTooLate({ message: "The alert's time is ahead of the server's clock" }),
            who
          )
        return yield* engine.receive(hook.userId, {
          source: "tradingview",
          botId: payload.bot,
          symbol: payload.ticker,
          action: payload.action,
          contracts: payload.contracts ?? null,
          price: payload.price ?? null,
          marketPosition: payload.marketPosition ?? null,
          prevMarketPosition: payload.prevMarketPosition ?? null,
          dedupeKey:
            payload.id ??
            `${payload.bot}:${payload.action}:${payload.ticker}:${payload.time.toISOString()}`,
          sentAt: payload.time
        })
      })
    )
  })
)
