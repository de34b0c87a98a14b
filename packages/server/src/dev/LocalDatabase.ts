import { Effect, Redacted } from "effect"
import { migrate } from "../Database/Migrations.js"
import { grantAppRole, provisionCluster } from "../Database/Roles.js"
import type { DevSecrets } from "./DevSecrets.js"
import { embeddedPostgres } from "./EmbeddedPostgres.js"

export const OWNER_ROLE = "trading_owner"
export const APP_ROLE = "trading_app"

const url = (user: string, password: string, port: number, database: string) =>
  Redacted.make(`postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`)

/**
 * Starts the embedded cluster, creates the owner and app roles and the database, migrates as
 * the owner and grants the app role its privileges. Returns the URLs the server should use.
 */
export const localDatabase = (options: {
  readonly dataDir: string
  readonly port: number
  readonly database: string
  readonly secrets: DevSecrets
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
      app: { name: APP_ROLE, password: secrets.appPassword }
    })
    const ownerUrl = url(OWNER_ROLE, secrets.ownerPassword, port, database)
    yield* migrate(ownerUrl)
    yield* grantAppRole(ownerUrl, APP_ROLE)
    return {
      superuserUrl: cluster.superuserUrl,
      ownerUrl,
      appUrl: url(APP_ROLE, secrets.appPassword, port, database)
    }
  })
