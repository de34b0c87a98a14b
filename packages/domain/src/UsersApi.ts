import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Authentication } from "./Authentication.js"
import { User } from "./User.js"

export class UsersApi extends HttpApiGroup.make("users")
  .add(
    HttpApiEndpoint.get("me", "/me")
      .addSuccess(User)
      .annotate(OpenApi.Summary, "The signed-in user")
  )
  .middleware(Authentication)
  .prefix("/users")
  .annotate(OpenApi.Title, "Users") {}
