import type { UserId } from "@trading-app/domain"
import { Effect, Option } from "effect"
import { SecretBox } from "../Secrets/SecretBox.js"
import { WebhooksRepo } from "./WebhooksRepo.js"

/** What a sealed webhook address is for and whose it is (see SecretBox). */
export const webhookContext = (userId: string) => `signal-webhook:${userId}`

/** A user's webhook address, opened; none when they have not set one. */
export const webhookUrl = (userId: UserId) =>
  Effect.gen(function* () {
    const sealed = yield* (yield* WebhooksRepo).sealedUrl(userId)
    if (Option.isNone(sealed)) return Option.none<URL>()
    const href = yield* (yield* SecretBox).open(sealed.value, webhookContext(userId))
    return Option.some(new URL(href))
  })
