import { SignalId, UserId } from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { AppConfig } from "../AppConfig.js"
import { defineJob } from "../Jobs/JobDefinition.js"
import { handle } from "../Jobs/Workers.js"
import { SignalsRepo } from "./SignalsRepo.js"
import { deliver, webhookMessage } from "./Webhook.js"
import { webhookUrl } from "./WebhookAddress.js"

export const signalWebhookJob = defineJob({
  name: "signal-webhook",
  payload: Schema.Struct({ signalId: SignalId, userId: UserId }),
  // The post retries by itself (see `deliver`); one more run only if the worker died.
  settings: {
    retryLimit: 1,
    retryDelaySeconds: 5,
    expireInSeconds: 5 * 60,
    batchSize: 5,
    workers: 2
  }
})

/**
 * Posts one signal to its owner's webhook and records how that went on the signal. The address
 * is read when the job runs: one removed meanwhile is not posted to.
 */
export const signalWebhookHandler = handle(signalWebhookJob, ({ signalId, userId }) =>
  Effect.gen(function* () {
    const signals = yield* SignalsRepo
    const { webhooks } = yield* AppConfig
    const signal = yield* signals.find(userId, signalId)
    if (Option.isNone(signal)) return
    const url = yield* Effect.either(webhookUrl(userId))
    // The server's SECRETS_KEYS was taken away: the address cannot be opened.
    if (url._tag === "Left")
      return yield* signals.setWebhookState(userId, signalId, "failed", url.left.message)
    if (Option.isNone(url.right))
      return yield* signals.setWebhookState(
        userId,
        signalId,
        "failed",
        "No webhook was set any more"
      )
    const verdict = yield* deliver(
      url.right.value,
      webhookMessage(signal.value),
      webhooks.timeout,
      webhooks.allowPrivate
    )
    yield* verdict._tag === "Delivered"
      ? signals.setWebhookState(userId, signalId, "sent", `Delivered (${verdict.status})`)
      : signals.setWebhookState(userId, signalId, "failed", verdict.message)
  })
)
