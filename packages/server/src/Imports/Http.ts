import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { activitiesCsv } from "./ActivitiesExport.js"
import { Imports } from "./Imports.js"
import { ImportsRepo } from "./ImportsRepo.js"

export const ImportsHttpLive = HttpApiBuilder.group(Api, "imports", (handlers) =>
  Effect.gen(function* () {
    const imports = yield* Imports
    const repo = yield* ImportsRepo
    const user = CurrentUser.pipe(Effect.map((u) => u.userId))
    return handlers
      .handle("upload", ({ urlParams, payload }) =>
        Effect.flatMap(user, (userId) => imports.upload(userId, urlParams, payload))
      )
      .handle("preview", ({ path, payload }) =>
        Effect.flatMap(user, (userId) => imports.preview(userId, path.uploadId, payload))
      )
      .handle("commit", ({ path, payload }) =>
        Effect.flatMap(user, (userId) => imports.commit(userId, path.uploadId, payload))
      )
      .handle("runs", ({ urlParams }) =>
        Effect.flatMap(user, (userId) => imports.runs(userId, urlParams.portfolioId))
      )
      .handle("undo", ({ path }) =>
        Effect.flatMap(user, (userId) => imports.undo(userId, path.runId))
      )
      .handle("profiles", ({ urlParams }) =>
        Effect.flatMap(user, (userId) => imports.profiles(userId, urlParams.portfolioId))
      )
      .handle("saveProfile", ({ payload }) =>
        Effect.flatMap(user, (userId) => imports.saveProfile(userId, payload))
      )
      .handle("deleteProfile", ({ path }) =>
        Effect.flatMap(user, (userId) => imports.deleteProfile(userId, path.profileId))
      )
      .handleRaw("exportActivities", ({ urlParams }) =>
        Effect.gen(function* () {
          const userId = yield* user
          // Answers 404 for a portfolio that is not the user's before any byte is streamed.
          yield* imports.checkPortfolio(userId, urlParams.portfolioId)
          const stamp = new Date().toISOString().slice(0, 10)
          return activitiesCsv(repo, userId, urlParams.portfolioId, `activities-${stamp}.csv`)
        })
      )
  })
)
