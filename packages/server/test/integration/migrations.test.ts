import { Effect } from "effect"
import { runner } from "node-pg-migrate"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { expectedMigrations, runnerOptions } from "../../src/Database/Migrations.js"

const superuser = inject("superuserUrl")
const DATABASE = `migrations_${process.pid}`
// The migrations before the activities one, and those from it on.
const names = await Effect.runPromise(expectedMigrations)
const BEFORE = names.indexOf("1764300000000_activities")
const FROM = names.length - BEFORE

/** Migrates a database of its own up or down by `count` steps (all the way up without). */
const migrate = (url: string, direction: "up" | "down", count?: number) =>
  runner({
    ...runnerOptions(url),
    direction,
    ...(count === undefined ? {} : { count }),
    // All or nothing, as a refused step must leave the others undone too.
    singleTransaction: true
  })

/**
 * The ledger's existing buys and sells through the activities migration and back: a database of
 * its own, migrated to just before it, with rows written as the old schema had them.
 */
describe.skipIf(superuser === "")("the activities migration", () => {
  const url = superuser.replace(/\/postgres$/, `/${DATABASE}`)
  let admin: pg.Client
  let db: pg.Client
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: superuser })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`)
    await admin.query(`CREATE DATABASE ${DATABASE}`)
    await migrate(url, "up", BEFORE)
    db = new pg.Client({ connectionString: url })
    await db.connect()
  })
  afterAll(async () => {
    await db?.end()
    await admin?.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)
    await admin?.end()
  })

  const rows = async () =>
    (
      await db.query(
        `SELECT id, type, symbol, quantity::text, price::text, fee::text, currency, executed_at
         FROM app_data.user_transactions ORDER BY id`
      )
    ).rows
  const packs = async () =>
    (await db.query("SELECT symbol, entries FROM app_data.ledger_packs ORDER BY symbol")).rows

  it("keeps every buy and sell, and their packed ledgers, exactly", async () => {
    const { rows: created } = await db.query(
      `WITH u AS (INSERT INTO app_data.users (email, password_hash, terms_version, terms_accepted_at)
                  VALUES ('old@example.com', 'x', 'v1', now()) RETURNING id),
            p AS (INSERT INTO app_data.user_portfolios (user_id, name, base_currency)
                  SELECT id, 'Old', 'USD' FROM u RETURNING id, user_id)
       SELECT id, user_id FROM p`
    )
    const { id: portfolio, user_id: user } = created[0]
    await db.query(
      `INSERT INTO app_data.user_transactions
         (user_id, portfolio_id, symbol, side, quantity, price, fee, currency, executed_at)
       VALUES ($1, $2, 'AAPL', 'buy', 10, 150.25, 1, 'USD', '2026-01-05T10:00:00Z'),
              ($1, $2, 'AAPL', 'sell', 4, 160, 0.5, 'USD', '2026-01-06T10:00:00Z'),
              ($1, $2, 'SAP.DE', 'buy', 0.0000000001, 0, 0, 'EUR', '2026-01-07T10:00:00Z')`,
      [user, portfolio]
    )
    const before = {
      rows: (
        await db.query(
          `SELECT id, side AS type, symbol, quantity::text, price::text, fee::text, currency, executed_at
       FROM app_data.user_transactions ORDER BY id`
        )
      ).rows,
      packs: await packs()
    }
    expect(before.packs).toHaveLength(2)

    await migrate(url, "up")
    expect(await rows()).toEqual(before.rows)
    // Buys and sells pack as they did: the valuation reads the same ledger.
    expect(await packs()).toEqual(before.packs)
    const { rows: ranks } = await db.query(
      "SELECT type, ledger_rank FROM app_data.user_transactions ORDER BY ledger_rank"
    )
    expect(ranks.map((r) => [r.type, r.ledger_rank])).toEqual([
      ["buy", 2],
      ["buy", 2],
      ["sell", 6]
    ])

    // The new checks: a deposit has an amount and no quantity, a dividend's tax is within it.
    const refused = (sql: string) =>
      db.query(sql, [user, portfolio]).then(
        () => undefined,
        (e: { code?: string }) => e.code
      )
    expect(
      await refused(`INSERT INTO app_data.user_transactions (user_id, portfolio_id, type, quantity, amount, currency, executed_at)
                     VALUES ($1, $2, 'deposit', 1, 100, 'USD', now())`)
    ).toBe("23514")
    expect(
      await refused(`INSERT INTO app_data.user_transactions (user_id, portfolio_id, type, symbol, amount, withholding_tax, currency, executed_at)
                     VALUES ($1, $2, 'dividend', 'AAPL', 10, 11, 'USD', now())`)
    ).toBe("23514")
    await db.query(
      `INSERT INTO app_data.user_transactions (user_id, portfolio_id, type, amount, currency, executed_at)
       VALUES ($1, $2, 'deposit', 100, 'USD', '2026-01-04T00:00:00Z')`,
      [user, portfolio]
    )
    expect((await packs()).find((p) => p.symbol === "")?.entries).toBe(
      "deposit 100.0000000000 USD 1767484800000"
    )

    // Going back would lose the deposit: refused, nothing changed.
    await expect(migrate(url, "down", FROM)).rejects.toThrow(/other than buys and sells/)
    await db.query("DELETE FROM app_data.user_transactions WHERE type = 'deposit'")
    await migrate(url, "down", FROM)
    const { rows: back } = await db.query(
      `SELECT id, side AS type, symbol, quantity::text, price::text, fee::text, currency, executed_at
       FROM app_data.user_transactions ORDER BY id`
    )
    expect(back).toEqual(before.rows)
    expect(await packs()).toEqual(before.packs)
  })
})
