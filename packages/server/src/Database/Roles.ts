import { Data, Effect, Option, Redacted } from "effect"
import pg from "pg"
import { JOBS_SCHEMA } from "../Jobs/JobDefinition.js"
import { provisionJobs } from "../Jobs/Provision.js"
import { JOB_DEFINITIONS } from "../Jobs/Registry.js"
import { APP_SCHEMA, migrate } from "./Migrations.js"

/**
 * The application role's privileges on its schema. Run by the owner after migrations: the app
 * may read and write rows, never change the schema.
 */
export const grantAppRole = (ownerUrl: Redacted.Redacted<string>, appRole: string) =>
  withClient(ownerUrl, async (client) => {
    const role = pg.escapeIdentifier(appRole)
    const schema = pg.escapeIdentifier(APP_SCHEMA)
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`)
    await client.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`
    )
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`)
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON ${schema}.pgmigrations FROM ${role}`)
    // The audit log is append-only for the app; retention deletes through the owner's function.
    await client.query(`REVOKE UPDATE, DELETE ON ${schema}.audit_log FROM ${role}`)
    // The events' partitions are created and dropped by the owner's function, for the app's job.
    await client.query(
      `GRANT EXECUTE ON FUNCTION ${schema}.events_maintain_partitions(int) TO ${role}`
    )
    await client.query(`GRANT EXECUTE ON FUNCTION ${schema}.logs_prune(int, int, int) TO ${role}`)
    await client.query(`GRANT EXECUTE ON FUNCTION ${schema}.audit_forget_user(uuid) TO ${role}`)
    // The job queues: rows only; their tables (one partition per queue) are the owner's.
    const jobs = pg.escapeIdentifier(JOBS_SCHEMA)
    await client.query(`GRANT USAGE ON SCHEMA ${jobs} TO ${role}`)
    await client.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${jobs} TO ${role}`
    )
  }).pipe(Effect.withSpan("Roles.grantAppRole"))

export interface ClusterRoles {
  readonly database: string
  readonly owner: { readonly name: string; readonly password: string }
  readonly app: { readonly name: string; readonly password: string }
  /** The market-data pipeline's role, which owns the tables the app only reads. */
  readonly pipeline: { readonly name: string; readonly password: string }
}

/**
 * Creates (or updates) the owner and application roles and the database on a cluster we
 * administer: the embedded PostgreSQL of development and tests. Production roles are the DBA's.
 */
export const provisionCluster = (superuserUrl: Redacted.Redacted<string>, roles: ClusterRoles) =>
  withClient(superuserUrl, async (client) => {
    for (const { name, password } of [roles.owner, roles.app, roles.pipeline]) {
      const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])
      const verb = exists.rowCount === 0 ? "CREATE" : "ALTER"
      await client.query(
        `${verb} ROLE ${pg.escapeIdentifier(name)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`
      )
    }
    const app = pg.escapeIdentifier(roles.app.name)
    // Timeouts live on the role because a transaction-pooled connection cannot carry SET.
    await client.query(`ALTER ROLE ${app} SET statement_timeout = '10s'`)
    await client.query(`ALTER ROLE ${app} SET idle_in_transaction_session_timeout = '30s'`)
    await client.query(`ALTER ROLE ${app} SET lock_timeout = '5s'`)
    const db = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [roles.database])
    if (db.rowCount === 0) {
      await client.query(
        `CREATE DATABASE ${pg.escapeIdentifier(roles.database)} OWNER ${pg.escapeIdentifier(roles.owner.name)}`
      )
    }
    await client.query(`REVOKE ALL ON DATABASE ${pg.escapeIdentifier(roles.database)} FROM PUBLIC`)
    await client.query(
      `GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(roles.database)} TO ${app}, ${pg.escapeIdentifier(roles.owner.name)}, ${pg.escapeIdentifier(roles.pipeline.name)}`
    )
  }).pipe(Effect.withSpan("Roles.provisionCluster"))

export class DatabaseSetupError extends Data.TaggedError("DatabaseSetupError")<{
  readonly message: string
  readonly cause: unknown
}> {}

export const withClient = <A>(
  url: Redacted.Redacted<string>,
  use: (client: pg.Client) => Promise<A>
) => {
  const failed = (cause: unknown) =>
    new DatabaseSetupError({ message: `Database setup failed: ${String(cause)}`, cause })
  return Effect.acquireUseRelease(
    Effect.tryPromise({
      try: async () => {
        const client = new pg.Client({ connectionString: Redacted.value(url) })
        await client.connect()
        return client
      },
      catch: failed
    }),
    (client) => Effect.tryPromise({ try: () => use(client), catch: failed }),
    (client) => Effect.promise(() => client.end())
  )
}

/**
 * Applies pending migrations as the owner, creates the job queues, then grants the app role
 * (when known) its row privileges: what start-up with MIGRATION_DATABASE_URL and `pnpm migrate`
 * both do.
 */
export const migrateAndGrant = (
  ownerUrl: Redacted.Redacted<string>,
  appRole: Option.Option<string>
) =>
  Effect.gen(function* () {
    const applied = yield* migrate(ownerUrl)
    yield* provisionJobs(ownerUrl, JOB_DEFINITIONS)
    if (Option.isSome(appRole)) yield* grantAppRole(ownerUrl, appRole.value)
    return applied
  })

/** The role of a connection URL (its user name), if it names one. */
export const roleOf = (url: Redacted.Redacted<string>): Option.Option<string> =>
  Option.some(decodeURIComponent(new URL(Redacted.value(url)).username)).pipe(
    Option.filter((r) => r !== "")
  )
