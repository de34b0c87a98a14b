import { HttpApiBuilder } from "@effect/platform"
import { Api, CurrentUser } from "@trading-app/domain"
import { Effect } from "effect"
import { Auth } from "../Auth/Auth.js"

export const UsersHttpLive = HttpApiBuilder.group(Api, "users", (handlers) =>
  Effect.gen(function* () {
    const auth = yield* Auth
    return handlers.handle("me", () =>
      Effect.flatMap(CurrentUser, ({ userId }) => auth.currentUser(userId))
    )
  })
)
