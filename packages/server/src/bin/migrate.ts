// Applies pending migrations over MIGRATION_DATABASE_URL and grants the app role (the user of
// DATABASE_URL, or APP_DATABASE_ROLE) its row privileges. Run by ops before a deploy.
import { NodeRuntime } from "@effect/platform-node"
import { Config, Effect, Option, Redacted } from "effect"
import { configProvider } from "../ConfigProvider.js"
import { migrate } from "../Database/Migrations.js"
import { grantAppRole } from "../Database/Roles.js"

const program = Effect.gen(function* () {
  const ownerUrl = yield* Config.redacted("MIGRATION_DATABASE_URL")
  const appUrl = yield* Config.option(Config.redacted("DATABASE_URL"))
  const explicitRole = yield* Config.option(Config.string("APP_DATABASE_ROLE"))
  const role = Option.orElse(explicitRole, () =>
    Option.map(appUrl, (url) => decodeURIComponent(new URL(Redacted.value(url)).username))
  ).pipe(Option.filter((r) => r !== ""))
  const applied = yield* migrate(ownerUrl)
  yield* Effect.logInfo(
    applied.length === 0 ? "The database is up to date" : `Applied ${applied.join(", ")}`
  )
  if (Option.isSome(role)) {
    yield* grantAppRole(ownerUrl, role.value)
    yield* Effect.logInfo(`Granted row privileges on app_data to ${role.value}`)
  }
}).pipe(Effect.withConfigProvider(configProvider()))

NodeRuntime.runMain(program)
