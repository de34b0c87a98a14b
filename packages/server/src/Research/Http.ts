import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { withRetryAfter } from "../Http/RetryAfter.js"
import { Documents } from "./Documents.js"
import { DocumentsRepo } from "./DocumentsRepo.js"

export const DocumentsHttpLive = HttpApiBuilder.group(Api, "documents", (handlers) =>
  Effect.gen(function* () {
    const documents = yield* Documents
    const repo = yield* DocumentsRepo
    const user = Effect.map(CurrentUser, (u) => u.userId)
    return handlers
      .handle("upload", ({ urlParams, payload }) =>
        Effect.flatMap(user, (userId) => documents.upload(userId, urlParams, payload))
      )
      .handle("list", () =>
        Effect.flatMap(user, (userId) => Effect.map(repo.list(userId), (items) => ({ items })))
      )
      .handle("get", ({ path }) =>
        Effect.flatMap(user, (userId) =>
          Effect.zipWith(
            repo.find(userId, path.documentId),
            repo.drafts(userId, path.documentId),
            (document, strategyDrafts) => ({ ...document, strategyDrafts })
          )
        )
      )
      .handle("delete", ({ path }) =>
        Effect.flatMap(user, (userId) => documents.remove(userId, path.documentId)).pipe(
          withRetryAfter
        )
      )
      .handle("dismissDraft", ({ path }) =>
        Effect.flatMap(user, (userId) => repo.dismiss(userId, path.draftId))
      )
  })
)
