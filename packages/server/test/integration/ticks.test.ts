import { SqlClient } from "@effect/sql"
import { Duration, Effect, Layer, Logger, LogLevel, ManagedRuntime, Option, Redacted } from "effect"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AppConfigTest } from "../../src/AppConfig.js"
import { DatabaseLive } from "../../src/Database/Database.js"
import { roleOf } from "../../src/Database/Roles.js"
import { runTicks, type Tick } from "../../src/Jobs/Ticks.js"
import * as testDb from "../support/databases.js"

const ownerUrl = testDb.ownerUrl
const databaseUrl = Redacted.make(testDb.databaseUrl)
const appRole = Option.getOrThrow(roleOf(databaseUrl))

const asOwner = async <A extends object>(text: string, values: Array<unknown> = []) => {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    return (await client.query<A>(text, values)).rows
  } finally {
    await client.end()
  }
}

/** Claims due rows for `replica`, a little work each, as a tick of the execution engine would. */
const probeTick = (replica: string): Tick<SqlClient.SqlClient> => ({
  name: "probe",
  every: Duration.millis(50),
  batch: 10,
  claim: (batch) =>
    Effect.flatMap(SqlClient.SqlClient, (sql) =>
      sql<{ id: number }>`
        WITH due AS (
          SELECT id FROM ticks_test.due
          WHERE due_at <= now() AND handled_by IS NULL
          ORDER BY due_at, id LIMIT ${batch} FOR UPDATE SKIP LOCKED)
        UPDATE ticks_test.due d SET handled_by = ${replica}, handled = handled + 1,
                                    slow = pg_sleep(0.01) IS NULL
        FROM due WHERE d.id = due.id RETURNING d.id`.pipe(Effect.map((rows) => rows.length))
    )
})

/** A replica of its own: its own pool, its own tick schedule. */
const replica = (name: string) =>
  ManagedRuntime.make(
    Layer.scopedDiscard(runTicks([probeTick(name)])).pipe(
      Layer.provideMerge(DatabaseLive),
      Layer.provide(AppConfigTest({ databaseUrl })),
      Layer.provide(Logger.minimumLogLevel(LogLevel.Error))
    )
  )

beforeAll(async () => {
  await asOwner(`
    DROP SCHEMA IF EXISTS ticks_test CASCADE;
    CREATE SCHEMA ticks_test;
    CREATE TABLE ticks_test.due (
      id int PRIMARY KEY, due_at timestamptz NOT NULL, handled_by text,
      handled int NOT NULL DEFAULT 0, slow boolean);
    GRANT USAGE ON SCHEMA ticks_test TO ${appRole};
    GRANT SELECT, UPDATE ON ticks_test.due TO ${appRole};`)
})
afterAll(() => asOwner("DROP SCHEMA IF EXISTS ticks_test CASCADE"))

describe("periodic ticks", () => {
  it("split due rows between replicas with SKIP LOCKED: each handled exactly once, none early", async () => {
    await asOwner(`
      INSERT INTO ticks_test.due (id, due_at)
      SELECT i, CASE WHEN i <= 400 THEN now() - interval '1 second' ELSE now() + interval '1 hour' END
      FROM generate_series(1, 420) AS i`)
    const replicas = [replica("a"), replica("b")]
    try {
      await Promise.all(replicas.map((r) => r.runPromise(Effect.void)))
      const deadline = Date.now() + 20_000
      for (;;) {
        const [left] = await asOwner<{ n: string }>(
          "SELECT count(*)::text AS n FROM ticks_test.due WHERE id <= 400 AND handled_by IS NULL"
        )
        if (left!.n === "0") break
        if (Date.now() > deadline) throw new Error(`${left!.n} due rows were never handled`)
        await new Promise((r) => setTimeout(r, 100))
      }
    } finally {
      await Promise.all(replicas.map((r) => r.dispose()))
    }
    const rows = await asOwner<{ handledBy: string | null; handled: number; n: string }>(`
      SELECT handled_by AS "handledBy", handled, count(*)::text AS n FROM ticks_test.due
      GROUP BY handled_by, handled ORDER BY handled_by NULLS LAST`)
    const byReplica = Object.fromEntries(rows.map((r) => [r.handledBy ?? "none", r]))
    expect(rows.every((r) => r.handled <= 1)).toBe(true)
    expect(Number(byReplica.a!.n) + Number(byReplica.b!.n)).toBe(400)
    expect(Number(byReplica.a!.n)).toBeGreaterThan(0)
    expect(Number(byReplica.b!.n)).toBeGreaterThan(0)
    expect(byReplica.none).toMatchObject({ handled: 0, n: "20" })
  })
})
