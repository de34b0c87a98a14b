import pg from "pg"
import * as testDb from "./databases.js"

/**
 * The database stalls for the app while the test holds a lock on a portfolio (a sale locks its
 * portfolio first): the app's statement waits, as it would for a database that stopped answering.
 */
export const holdPortfolioLock = async (portfolioId: string) => {
  const owner = new pg.Client({ connectionString: testDb.ownerUrl })
  // The app's own role may cancel its statements; the owner may not.
  const app = new pg.Client({ connectionString: testDb.databaseUrl })
  await Promise.all([owner.connect(), app.connect()])
  await owner.query("BEGIN")
  await owner.query("SELECT 1 FROM app_data.user_portfolios WHERE id = $1 FOR UPDATE", [
    portfolioId
  ])
  const [{ pid }] = (await owner.query("SELECT pg_backend_pid() AS pid")).rows
  const waiters = (client: pg.Client, select: string) =>
    client
      .query(`SELECT ${select} FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))`, [
        pid
      ])
      .then((result) => result.rows.length)
  return {
    /** How many of the app's statements wait for the lock. */
    waiting: () => waiters(owner, "pid"),
    /** Cancels the app's statements that wait for the lock, as a statement timeout would. */
    cancelWaiting: () => waiters(app, "pg_cancel_backend(pid)"),
    release: async () => {
      await owner.query("ROLLBACK")
      await Promise.all([owner.end(), app.end()])
    }
  }
}
