import { rmSync } from "node:fs"
import { join, resolve } from "node:path"
import { Effect, Option, Redacted } from "effect"
import pg from "pg"
import type { TestProject } from "vitest/node"
import { migrateAndGrant, roleOf, withClient } from "../../src/Database/Roles.js"
import { loadOrCreateDevSecrets } from "../../src/dev/DevSecrets.js"
import {
  APP_ROLE,
  OWNER_ROLE,
  openLocalDatabase,
  PIPELINE_ROLE
} from "../../src/dev/LocalDatabase.js"
import { loadSampleMarket } from "../../src/dev/MarketFeed.js"
import { freePort } from "./freePort.js"
import { startPgBouncer } from "./PgBouncer.js"

declare module "vitest" {
  export interface ProvidedContext {
    /** The application role's connection URL (through PgBouncer when TEST_VIA_PGBOUNCER=1). */
    databaseUrl: string
    /** An owner connection, for tests that inspect or set up data directly. */
    ownerUrl: string
    /** The JWT secret the test servers use, so tests can forge tokens. */
    jwtSecret: string
    /** The market-data pipeline's connection, for tests that publish prices of their own. */
    pipelineUrl: string
    /** The embedded cluster's superuser on database "postgres" ("" with TEST_DATABASE_URL). */
    superuserUrl: string
    /** How many clones of the database there are, one per test worker (0: TEST_DATABASE_URL). */
    workerDatabases: number
  }
}

/** A short sample history: enough for every interval, quick to load. */
const TEST_HISTORY = { hourlyDays: 45, minuteDays: 1, tradeMinutes: 30, seed: 7 }

const REPO_ROOT = resolve(import.meta.dirname, "../../../..")

/**
 * One database cluster for the whole run: TEST_DATABASE_URL (plus TEST_MIGRATION_DATABASE_URL to
 * migrate it, and TEST_PIPELINE_DATABASE_URL, the market-data pipeline's role, whose tables must
 * exist) when given, otherwise a fresh embedded PostgreSQL, optionally behind PgBouncer, with
 * sample market data, cloned for each test worker (see databases.ts). Tests stay independent by
 * working with users and symbols of their own.
 */
export default async function setup(project: TestProject) {
  const jwtSecret = `test-${crypto.randomUUID()}-${crypto.randomUUID()}`
  project.provide("jwtSecret", jwtSecret)
  const external = process.env.TEST_DATABASE_URL
  if (external !== undefined && external !== "") {
    const owner = process.env.TEST_MIGRATION_DATABASE_URL
    if (owner !== undefined && owner !== "") {
      await Effect.runPromise(
        migrateAndGrant(Redacted.make(owner), roleOf(Redacted.make(external)))
      )
    }
    const pipeline = process.env.TEST_PIPELINE_DATABASE_URL
    if (pipeline === undefined || pipeline === "")
      throw new Error("TEST_DATABASE_URL needs TEST_PIPELINE_DATABASE_URL for the market data")
    await Effect.runPromise(
      loadSampleMarket(Redacted.make(pipeline), "market_data", Date.now(), TEST_HISTORY)
    )
    project.provide("databaseUrl", external)
    project.provide("ownerUrl", owner ?? external)
    project.provide("pipelineUrl", pipeline)
    project.provide("superuserUrl", "")
    project.provide("workerDatabases", 0)
    return
  }

  const dir = join(REPO_ROOT, ".data", `test-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  const secrets = loadOrCreateDevSecrets(dir)
  const pgPort = await freePort()
  const db = await openLocalDatabase({
    dataDir: join(dir, "postgres"),
    port: pgPort,
    database: "trading_test",
    secrets,
    marketDataSchema: "market_data"
  })
  await Effect.runPromise(loadSampleMarket(db.pipelineUrl, "market_data", Date.now(), TEST_HISTORY))
  // A clone per worker, named <database>_<worker> (databases.ts), with the same rights.
  const workers = project.globalConfig.maxWorkers
  await Effect.runPromise(
    withClient(db.superuserUrl(), async (client) => {
      const roles = [APP_ROLE, OWNER_ROLE, PIPELINE_ROLE].map((r) => pg.escapeIdentifier(r))
      for (let worker = 1; worker <= workers; worker++) {
        const clone = pg.escapeIdentifier(`trading_test_${worker}`)
        await client.query(
          `CREATE DATABASE ${clone} TEMPLATE trading_test OWNER ${pg.escapeIdentifier(OWNER_ROLE)}`
        )
        await client.query(`REVOKE ALL ON DATABASE ${clone} FROM PUBLIC`)
        await client.query(`GRANT CONNECT ON DATABASE ${clone} TO ${roles.join(", ")}`)
      }
    })
  )
  let databaseUrl = Redacted.value(db.appUrl)
  let stopBouncer = () => {}
  if (process.env.TEST_VIA_PGBOUNCER === "1") {
    const port = await freePort()
    const bouncer = await startPgBouncer({
      dir: join(dir, "pgbouncer"),
      port,
      upstreamPort: pgPort,
      users: [
        { name: APP_ROLE, password: secrets.appPassword },
        { name: OWNER_ROLE, password: secrets.ownerPassword }
      ],
      sessionEntry: { name: "trading_test_session", database: "trading_test" }
    }).catch(async (error) => {
      await db.close()
      throw error
    })
    stopBouncer = () => bouncer.kill("SIGTERM")
    databaseUrl = databaseUrl.replace(`:${pgPort}/`, `:${port}/`)
    // Migrations as production runs them: the owner through PgBouncer's session-pooled entry.
    const sessionUrl = Redacted.value(db.ownerUrl)
      .replace(`:${pgPort}/`, `:${port}/`)
      .replace(/\/trading_test$/, "/trading_test_session")
    await Effect.runPromise(migrateAndGrant(Redacted.make(sessionUrl), Option.some(APP_ROLE)))
    console.log("Migrations ran through PgBouncer's session-pooled entry")
    console.log(`Integration tests connect through PgBouncer (transaction pooling) on port ${port}`)
  }
  project.provide("databaseUrl", databaseUrl)
  project.provide("ownerUrl", Redacted.value(db.ownerUrl))
  project.provide("pipelineUrl", Redacted.value(db.pipelineUrl))
  project.provide("superuserUrl", Redacted.value(db.superuserUrl("postgres")))
  project.provide("workerDatabases", workers)
  return async () => {
    stopBouncer()
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
