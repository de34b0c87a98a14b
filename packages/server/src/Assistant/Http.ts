import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { withRetryAfter } from "../Http/RetryAfter.js"
import { Assistant } from "./Assistant.js"

export const AssistantHttpLive = HttpApiBuilder.group(Api, "ai", (handlers) =>
  Effect.gen(function* () {
    const assistant = yield* Assistant
    return handlers
      .handle("chat", ({ payload }) =>
        Effect.flatMap(CurrentUser, ({ userId }) => assistant.chat(userId, payload)).pipe(
          withRetryAfter
        )
      )
      .handle("conversations", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, ({ userId }) => assistant.list(userId, urlParams))
      )
      .handle("conversation", ({ path }) =>
        Effect.flatMap(CurrentUser, ({ userId }) => assistant.detail(userId, path.conversationId))
      )
      .handle("deleteConversation", ({ path }) =>
        Effect.flatMap(CurrentUser, ({ userId }) => assistant.remove(userId, path.conversationId))
      )
  })
)
