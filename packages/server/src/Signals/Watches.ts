import {
  CANDLE_INTERVALS,
  type CreateWatch,
  NotFound,
  type SetSignalWebhook,
  Unprocessable,
  type UserId,
  type WatchId,
  type WebhookTestResult
} from "@trading-app/domain"
import { Effect, Either, Option } from "effect"
import { AppConfig } from "../AppConfig.js"
import { cursorParam, encodeCursor } from "../Database/KeysetCursor.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { SecretBox } from "../Secrets/SecretBox.js"
import { instrumentsOf } from "../Strategies/Inputs.js"
import { StrategiesRepo } from "../Strategies/StrategiesRepo.js"
import { candleStart, nextCheck } from "./Live.js"
import { SignalsRepo } from "./SignalsRepo.js"
import { WatchesRepo } from "./WatchesRepo.js"
import { checkHost, deliver, parseWebhookUrl, testMessage } from "./Webhook.js"
import { webhookContext, webhookUrl } from "./WebhookAddress.js"
import { WebhooksRepo } from "./WebhooksRepo.js"

/** Starting, changing and stopping watches; the signal webhook setting. The tick replays them. */
export class Watches extends Effect.Service<Watches>()("Watches", {
  effect: Effect.gen(function* () {
    const watches = yield* WatchesRepo
    const signals = yield* SignalsRepo
    const webhooks = yield* WebhooksRepo
    const strategies = yield* StrategiesRepo
    const market = yield* MarketDataRepo
    const box = yield* SecretBox
    const audit = yield* AuditLog
    const config = yield* AppConfig

    const start = (userId: UserId, input: CreateWatch) =>
      Effect.gen(function* () {
        const version = yield* strategies.versionOf(userId, input.strategyId, input.version)
        const document = version.document
        yield* instrumentsOf(document.symbols).pipe(Effect.provideService(MarketDataRepo, market))
        const width = CANDLE_INTERVALS[document.timeframe]
        const now = Date.now()
        const watch = yield* watches.create(userId, {
          strategyId: input.strategyId,
          version: version.version,
          initialCapital: input.initialCapital,
          webhook: input.webhook,
          startedAt: new Date(candleStart(now, width)),
          dueAt: new Date(nextCheck(now, width))
        })
        yield* audit.record("watch_started", {
          user: userId,
          category: "trading",
          target: `watch:${watch.id}`,
          details: { strategyId: watch.strategyId, version: watch.version, webhook: watch.webhook }
        })
        return watch
      }).pipe(Effect.withSpan("Watches.start"))

    const stop = (userId: UserId, id: WatchId) =>
      Effect.tap(watches.stop(userId, id), () =>
        audit.record("watch_stopped", { user: userId, category: "trading", target: `watch:${id}` })
      )

    const setWatchWebhook = (userId: UserId, id: WatchId, webhook: boolean) =>
      audit.audited(watches.setWebhook(userId, id, webhook), "watch_webhook_changed", () => ({
        user: userId,
        category: "trading",
        target: `watch:${id}`,
        details: { webhook }
      }))

    const remove = (userId: UserId, id: WatchId) =>
      Effect.tap(watches.remove(userId, id), () =>
        audit.record("watch_stopped", {
          user: userId,
          category: "trading",
          target: `watch:${id}`,
          details: { deleted: true }
        })
      )

    const page = (
      userId: UserId,
      params: { watchId?: WatchId | undefined; limit: number; cursor?: string | undefined }
    ) =>
      Effect.gen(function* () {
        const after = yield* cursorParam(params.cursor)
        const rows = yield* signals.page(userId, params.watchId, params.limit, after)
        const items = rows.slice(0, params.limit)
        const last = items[items.length - 1]
        return {
          items,
          nextCursor:
            rows.length > params.limit && last !== undefined
              ? encodeCursor({ at: last.barTime, id: last.id })
              : null
        }
      })

    const setWebhook = (userId: UserId, input: SetSignalWebhook) =>
      Effect.gen(function* () {
        const { allowPrivate } = config.webhooks
        const parsed = parseWebhookUrl(input.url, allowPrivate)
        if (Either.isLeft(parsed)) return yield* Unprocessable.field(["url"], parsed.left)
        const url = parsed.right
        yield* checkHost(url, allowPrivate).pipe(
          Effect.catchAll((why) => Unprocessable.field(["url"], why))
        )
        const sealed = yield* box.seal(url.href, webhookContext(userId))
        return yield* audit.audited(
          webhooks.set(userId, sealed, url.hostname),
          "signal_webhook_set",
          () => ({ user: userId, details: { host: url.hostname } })
        )
      }).pipe(Effect.withSpan("Watches.setWebhook"))

    const removeWebhook = (userId: UserId) =>
      audit
        .audited(
          Effect.zipLeft(webhooks.remove(userId), watches.unhookAll(userId)),
          "signal_webhook_removed",
          (removed) => ({ user: userId, details: { removed } })
        )
        .pipe(Effect.asVoid)

    const testWebhook = (userId: UserId) =>
      Effect.gen(function* () {
        const url = yield* webhookUrl(userId).pipe(
          Effect.provideService(WebhooksRepo, webhooks),
          Effect.provideService(SecretBox, box)
        )
        if (Option.isNone(url))
          return yield* new NotFound({ message: "Set a webhook first, then test it" })
        const { allowPrivate, timeout } = config.webhooks
        // One try: the person is waiting for the answer.
        const verdict = yield* deliver(url.value, testMessage(), timeout, allowPrivate, 0)
        return ((): WebhookTestResult => {
          switch (verdict._tag) {
            case "Delivered":
              return { delivered: true, status: verdict.status, message: "Delivered" }
            case "Retry":
            case "Refused":
              return { delivered: false, status: verdict.status, message: verdict.message }
          }
        })()
      }).pipe(Effect.withSpan("Watches.testWebhook"))

    return {
      start,
      list: watches.list,
      setWatchWebhook,
      stop,
      remove,
      page,
      webhook: webhooks.describe,
      setWebhook,
      removeWebhook,
      testWebhook
    } as const
  }),
  dependencies: [
    WatchesRepo.Default,
    SignalsRepo.Default,
    WebhooksRepo.Default,
    StrategiesRepo.Default,
    MarketDataRepo.Default,
    SecretBox.Default
  ]
}) {}
