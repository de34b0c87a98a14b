import { HttpApiBuilder } from "@effect/platform"
import { Api, Unprocessable } from "@trading-app/domain"
import { Effect, Either } from "effect"
import { gridPreview } from "./Grid.js"

export const GridsHttpLive = HttpApiBuilder.group(Api, "grids", (handlers) =>
  Effect.succeed(
    handlers.handle("preview", ({ payload }) =>
      Either.match(gridPreview(payload.price, payload.settings), {
        onLeft: (problem) => Unprocessable.field(problem.path, problem.message),
        onRight: Effect.succeed
      })
    )
  )
)
