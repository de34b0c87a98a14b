// Applies pending migrations over MIGRATION_DATABASE_URL and grants the app role (APP_DATABASE_ROLE,
// or the user of DATABASE_URL) its row privileges. Run by ops before a deploy.
import { NodeRuntime } from "@effect/platform-node"
import { Config, Effect, Option } from "effect"
import { configProvider } from "../ConfigProvider.js"
import { migrateAndGrant, roleOf } from "../Database/Roles.js"
import { LoggerLive } from "../Logging.js"

const program = Effect.gen(function* () {
  const ownerUrl = yield* Config.redacted("MIGRATION_DATABASE_URL")
  const appUrl = yield* Config.option(Config.redacted("DATABASE_URL"))
  const explicitRole = yield* Config.option(Config.string("APP_DATABASE_ROLE"))
  const role = Option.orElse(explicitRole, () => Option.flatMap(appUrl, roleOf))
  const applied = yield* migrateAndGrant(ownerUrl, role)
  yield* Effect.logInfo(
    applied.length === 0 ? "The database is up to date" : `Applied ${applied.join(", ")}`
  )
  if (Option.isSome(role))
    yield* Effect.logInfo(`Granted row privileges on app_data to ${role.value}`)
}).pipe(Effect.provide(LoggerLive), Effect.withConfigProvider(configProvider()))

NodeRuntime.runMain(program, { disablePrettyLogger: true })
