import { inject } from "vitest"

/**
 * The connection URLs of this test worker's own database. Integration files run several at a
 * time, each worker on a clone of the migrated database with its sample market (made by
 * globalSetup), so a job one file queues, a tick it waits for or a global switch it throws never
 * reaches another file's servers. With TEST_DATABASE_URL there are no clones and files run one
 * at a time on that database.
 */
const clones = inject("workerDatabases")
const worker = Number(process.env.VITEST_POOL_ID ?? "1")
if (clones > 0 && !(worker >= 1 && worker <= clones))
  throw new Error(`Test worker ${worker} has no database: globalSetup made ${clones}`)

/** The URL with the database name of this worker's clone. */
const own = (url: string) => {
  if (clones === 0) return url
  const parsed = new URL(url)
  parsed.pathname = `${parsed.pathname}_${worker}`
  return parsed.href
}

/** The application role's connection (through PgBouncer when TEST_VIA_PGBOUNCER=1). */
export const databaseUrl = own(inject("databaseUrl"))
/** An owner connection, for tests that inspect or set up data directly. */
export const ownerUrl = own(inject("ownerUrl"))
/** The market-data pipeline's connection, for tests that publish prices of their own. */
export const pipelineUrl = own(inject("pipelineUrl"))
