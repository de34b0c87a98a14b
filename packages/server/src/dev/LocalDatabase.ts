import { existsSync } from "node:fs"
import { join, resolve } from "node:path"
import { Config, Effect, Exit, Option, Redacted, Scope } from "effect"
import { migrateAndGrant, provisionCluster } from "../Database/Roles.js"
import { projectRoot } from "../Paths.js"
import { type DevSecrets, loadOrCreateDevSecrets } from "./DevSecrets.js"
import { embeddedPostgres } from "./EmbeddedPostgres.js"
import { createMarketDataTables } from "./MarketDataTables.js"

export const OWNER_ROLE = "trading_owner"
export const APP_ROLE = "trading_app"
export const PIPELINE_ROLE = "market_pipeline"

/** The database of the embedded default. */
export const EMBEDDED_DATABASE = "trading"

const url = (user: string, password: string, port: number, database: string) =>
  Redacted.make(`postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`)

/** Where the embedded default keeps its data and listens: EMBEDDED_DATA_DIR, EMBEDDED_PG_PORT. */
export const embeddedLocation = Effect.all({
  dataDir: Config.string("EMBEDDED_DATA_DIR").pipe(
    Config.withDefault(resolve(projectRoot(), ".data"))
  ),
  port: Config.port("EMBEDDED_PG_PORT").pipe(Config.withDefault(54329))
})

/**
 * The app role's URL of a running embedded default, for commands run beside `pnpm start`;
 * fails when there is none in the data folder.
 */
export const runningEmbeddedAppUrl = Effect.gen(function* () {
  const { dataDir, port } = yield* embeddedLocation
  if (!existsSync(join(dataDir, "dev-secrets.json")))
    return yield* Effect.fail(
      `DATABASE_URL is not set and no embedded database was ever started in ${dataDir}: set DATABASE_URL, or start the app with pnpm start first`
    )
  const secrets = loadOrCreateDevSecrets(dataDir)
  return url(APP_ROLE, secrets.appPassword, port, EMBEDDED_DATABASE)
})

/**
 * Starts the embedded cluster, creates the owner, app and pipeline roles and the database,
 * migrates as the owner, grants the app role its privileges and creates the pipeline's
 * market-data tables. Returns the URLs of the three roles.
 */
export const localDatabase = (options: {
  readonly dataDir: string
  readonly port: number
  readonly database: string
  readonly secrets: DevSecrets
  readonly marketDataSchema: string
}) =>
  Effect.gen(function* () {
    const { secrets, port, database } = options
    const cluster = yield* embeddedPostgres({
      dataDir: options.dataDir,
      port,
      superuserPassword: secrets.superuserPassword
    })
    yield* provisionCluster(cluster.superuserUrl(), {
      database,
      owner: { name: OWNER_ROLE, password: secrets.ownerPassword },
      app: { name: APP_ROLE, password: secrets.appPassword },
      pipeline: { name: PIPELINE_ROLE, password: secrets.pipelinePassword }
    })
    const ownerUrl = url(OWNER_ROLE, secrets.ownerPassword, port, database)
    const pipelineUrl = url(PIPELINE_ROLE, secrets.pipelinePassword, port, database)
    yield* migrateAndGrant(ownerUrl, Option.some(APP_ROLE))
    yield* createMarketDataTables({
      superuserUrl: cluster.superuserUrl(database),
      pipelineUrl,
      pipelineRole: PIPELINE_ROLE,
      appRole: APP_ROLE,
      schema: options.marketDataSchema
    })
    return {
      superuserUrl: cluster.superuserUrl,
      ownerUrl,
      pipelineUrl,
      appUrl: url(APP_ROLE, secrets.appPassword, port, database)
    }
  })

/** `localDatabase` for plain async code (test setup, benchmark): started now, stopped by `close`. */
export const openLocalDatabase = async (options: Parameters<typeof localDatabase>[0]) => {
  const scope = Effect.runSync(Scope.make())
  const close = () => Effect.runPromise(Scope.close(scope, Exit.void))
  const db = await Effect.runPromise(Scope.extend(localDatabase(options), scope)).catch(
    async (error) => {
      await close()
      throw error
    }
  )
  return { ...db, close }
}
