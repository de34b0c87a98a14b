import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as testDb from "../support/databases.js"

let client: pg.Client
beforeAll(async () => {
  client = new pg.Client({ connectionString: testDb.databaseUrl })
  await client.connect()
})
afterAll(() => client.end())

const refused = async (sql: string) => {
  const error = await client.query(sql).then(
    () => undefined,
    (e: { code?: string }) => e
  )
  expect(error?.code, sql).toBe("42501") // insufficient_privilege
}

describe("the application role", () => {
  it("may read and write rows but not change the schema or the migrations record", async () => {
    await client.query("SELECT count(*) FROM app_data.user_transactions")
    await refused("CREATE TABLE app_data.intruder (id int)")
    await refused("ALTER TABLE app_data.users ADD COLUMN intruder int")
    await refused("DROP TABLE app_data.audit_log")
    await refused("DELETE FROM app_data.pgmigrations")
    await refused("CREATE SCHEMA intruder")
  })

  it("may add audit entries but never change or delete one", async () => {
    await client.query("INSERT INTO app_data.audit_log (action) VALUES ('probe') RETURNING id")
    await refused("UPDATE app_data.audit_log SET action = 'changed' WHERE action = 'probe'")
    await refused("DELETE FROM app_data.audit_log WHERE action = 'probe'")
    await refused("TRUNCATE app_data.audit_log")
  })

  it.skipIf(process.env.TEST_DATABASE_URL)(
    "carries its timeouts on the role, not in session state",
    async () => {
      const { rows } = await client.query(
        "SELECT current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt"
      )
      expect(rows[0]).toEqual({ st: "10s", lt: "5s" })
    }
  )
})
