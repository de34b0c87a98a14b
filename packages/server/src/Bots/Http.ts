import { HttpApiBuilder } from "@effect/platform"
import { Api, Conflict, CurrentUser, Unprocessable } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { AuditLog } from "../Logs/AuditLog.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { BotsRepo } from "./BotsRepo.js"

export const BotsHttpLive = HttpApiBuilder.group(Api, "bots", (handlers) =>
  Effect.gen(function* () {
    const bots = yield* BotsRepo
    const market = yield* MarketDataRepo
    const audit = yield* AuditLog
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("list", () =>
        Effect.flatMap(user, (userId) => Effect.map(bots.list(userId), (items) => ({ items })))
      )
      .handle("create", ({ payload }) =>
        Effect.gen(function* () {
          const userId = yield* user
          if (Option.isNone(yield* market.instrument(payload.symbol)))
            return yield* Unprocessable.field(
              ["symbol"],
              `No instrument ${payload.symbol} in the market data`
            )
          const bot = yield* bots.create(userId, payload)
          yield* audit.record("bot_created", {
            user: userId,
            category: "trading",
            target: `bot:${bot.id}`,
            details: { name: bot.name, connectionId: bot.connectionId, symbol: bot.symbol }
          })
          return bot
        })
      )
      .handle("update", ({ path, payload }) =>
        Effect.gen(function* () {
          const userId = yield* user
          const bot = yield* bots.update(userId, path.botId, payload)
          yield* audit.record("bot_updated", {
            user: userId,
            category: "trading",
            target: `bot:${bot.id}`,
            details: { changed: Object.keys(payload), enabled: bot.enabled }
          })
          return bot
        })
      )
      .handle("remove", ({ path }) =>
        Effect.gen(function* () {
          const userId = yield* user
          const open = yield* bots.remove(userId, path.botId)
          if (open > 0)
            return yield* new Conflict({
              message: "The bot has an open group: close it first (its page has a Close button)"
            })
          yield* audit.record("bot_deleted", {
            user: userId,
            category: "trading",
            target: `bot:${path.botId}`
          })
        })
      )
  })
)
