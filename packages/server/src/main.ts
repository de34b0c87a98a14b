import { existsSync } from "node:fs"
import { resolve } from "node:path"
import { NodeRuntime } from "@effect/platform-node"
import { Config, ConfigProvider, Effect, Layer, Option, Redacted } from "effect"
import { AppConfigLive, exitOnConfigError } from "./AppConfig.js"
import { configProvider } from "./ConfigProvider.js"
import { DatabaseLive } from "./Database/Database.js"
import { migrateAndGrant, roleOf } from "./Database/Roles.js"
import { loadOrCreateDevSecrets } from "./dev/DevSecrets.js"
import { EmbeddedPostgresError } from "./dev/EmbeddedPostgres.js"
import { exchangeStandIn } from "./dev/ExchangeStandIn.js"
import { librarianStandIn } from "./dev/LibrarianStandIn.js"
import { EMBEDDED_DATABASE, embeddedLocation, localDatabase } from "./dev/LocalDatabase.js"
import { mailCatcherStandIn } from "./dev/MailCatcherStandIn.js"
import { loadSampleMarket, runLiveMarket } from "./dev/MarketFeed.js"
import { ServerLive } from "./Http/Server.js"
import { LoggerLive } from "./Logging.js"
import { projectRoot } from "./Paths.js"

const REPO_ROOT = projectRoot()

/** With DATABASE_URL: that database (migrated first when MIGRATION_DATABASE_URL is set). */
const external = (databaseUrl: Redacted.Redacted<string>) =>
  Effect.gen(function* () {
    const migrationUrl = yield* Config.option(Config.redacted("MIGRATION_DATABASE_URL"))
    if (Option.isSome(migrationUrl)) yield* migrateAndGrant(migrationUrl.value, roleOf(databaseUrl))
    return new Map<string, string>()
  })

/** The web app built by `pnpm start` (packages/web/dist), served from the API's origin. */
const builtWebApp = (): ReadonlyArray<[string, string]> => {
  const dist = resolve(REPO_ROOT, "packages", "web", "dist")
  return existsSync(resolve(dist, "index.html")) ? [["WEB_ROOT", dist]] : []
}

/**
 * Without DATABASE_URL: the embedded PostgreSQL with generated secrets, kept under .data/, a
 * stand-in for the market-data pipeline that loads sample history and keeps prices moving, and
 * stand-ins for the Librarian, SMTP and the exchange unless they are configured.
 */
const embedded = Effect.gen(function* () {
  const { dataDir, port } = yield* embeddedLocation
  const marketDataSchema = yield* Config.string("MARKET_DATA_SCHEMA").pipe(
    Config.withDefault("market_data")
  )
  const secrets = loadOrCreateDevSecrets(dataDir)
  yield* Effect.logInfo(`Starting the embedded PostgreSQL (data in ${dataDir})`)
  const db = yield* localDatabase({
    dataDir: resolve(dataDir, "postgres"),
    port,
    database: EMBEDDED_DATABASE,
    secrets,
    marketDataSchema
  })
  yield* Effect.logInfo("Loading the sample market data (the first start takes a few seconds)")
  const loaded = yield* loadSampleMarket(db.pipelineUrl, marketDataSchema)
  yield* Effect.logInfo(`Sample market data ${loaded}; live prices tick every few seconds`)
  yield* runLiveMarket(db.pipelineUrl, marketDataSchema)
  const standIn = yield* librarianStandIn
  const mail = yield* mailCatcherStandIn
  const exchange = yield* exchangeStandIn
  const webApp = builtWebApp()
  if (webApp.length === 0)
    yield* Effect.logWarning("No built web app in packages/web/dist: serving the API only")
  return new Map([
    ["DATABASE_URL", Redacted.value(db.appUrl)],
    ["JWT_SECRET", secrets.jwtSecret],
    ["SECRETS_KEYS", `dev:${secrets.secretsKey}`],
    // A development machine: a webhook receiver may run beside the app.
    ["WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true"],
    ...standIn,
    ...mail,
    ...exchange,
    ...webApp
  ])
})

const program = Effect.gen(function* () {
  const databaseUrl = yield* Config.option(Config.redacted("DATABASE_URL"))
  const defaults = Option.isSome(databaseUrl) ? yield* external(databaseUrl.value) : yield* embedded
  const provider = configProvider().pipe(
    ConfigProvider.orElse(() => ConfigProvider.fromMap(defaults))
  )
  const app = ServerLive.pipe(
    Layer.provide(DatabaseLive),
    Layer.provide(AppConfigLive),
    Layer.provide(Layer.setConfigProvider(provider))
  )
  return yield* Layer.launch(app)
}).pipe(
  Effect.scoped,
  Effect.withConfigProvider(configProvider()),
  exitOnConfigError("The server"),
  // One sentence saying what to do, not a stack trace.
  Effect.catchIf(
    (error): error is EmbeddedPostgresError => error instanceof EmbeddedPostgresError,
    (error) =>
      Effect.logError(error.message).pipe(Effect.andThen(Effect.sync(() => process.exit(1))))
  ),
  Effect.provide(LoggerLive)
)

// The first SIGINT or SIGTERM starts the shutdown (runMain); later ones must not kill the process
// before it has drained, closed its pools and stopped the embedded database. They come without
// anyone asking twice: pnpm passes a Ctrl-C on to the script it runs, which has had it already.
// The shutdown itself is bounded by SHUTDOWN_GRACE.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => {})

// LoggerLive chooses the format; the runtime's own pretty logger would print every line twice.
NodeRuntime.runMain(program, { disablePrettyLogger: true })
