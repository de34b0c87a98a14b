import { readFileSync } from "node:fs"
import { join } from "node:path"
import type { Redacted } from "effect"
import { Effect } from "effect"
import pg from "pg"
import { withClient } from "../Database/Roles.js"
import { projectRoot } from "../Paths.js"

const DDL = join(projectRoot(), "infra", "market-data", "schema.sql")

/**
 * Creates the market-data tables the way the pipeline does in production: in their own schema,
 * owned by the pipeline's role, outside the app's migrations. The app's role may only read them.
 */
export const createMarketDataTables = (options: {
  readonly superuserUrl: Redacted.Redacted<string>
  readonly pipelineUrl: Redacted.Redacted<string>
  readonly pipelineRole: string
  readonly appRole: string
  readonly schema: string
}) =>
  Effect.gen(function* () {
    const schema = pg.escapeIdentifier(options.schema)
    yield* withClient(options.superuserUrl, (client) =>
      client.query(
        `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${pg.escapeIdentifier(options.pipelineRole)}`
      )
    )
    yield* withClient(options.pipelineUrl, async (client) => {
      // A direct connection of the pipeline's own: session settings are fine here.
      await client.query(`SET search_path TO ${schema}`)
      await client.query(readFileSync(DDL, "utf8"))
      const app = pg.escapeIdentifier(options.appRole)
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${app}`)
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${app}`)
    })
  }).pipe(Effect.withSpan("dev.createMarketDataTables"))
