import argon2 from "argon2"
import { SignJWT } from "jose"
import pg from "pg"

export interface BenchUser {
  readonly token: string
  readonly portfolioId: string
}

/** An access token of a seeded session, as the server issues them (two hours). */
export const accessToken = (jwtSecret: string, userId: string, sessionId: string) =>
  new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
    .setSubject(userId)
    .setIssuer("trading-app")
    .setAudience("trading-app")
    .setIssuedAt()
    .setExpirationTime("2h")
    .sign(new TextEncoder().encode(jwtSecret))

/**
 * 1,000 users with one portfolio each and 100 transactions each (100,000 in all), seeded
 * deterministically in SQL, plus one live session and an access token per user.
 */
export const seed = async (
  ownerUrl: string,
  jwtSecret: string,
  users = 1000,
  perUser = 100
): Promise<BenchUser[]> => {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    const hash = await argon2.hash("bench password not used", { type: argon2.argon2id })
    await client.query("BEGIN")
    await client.query("SELECT setseed(0.42)")
    await client.query(
      `INSERT INTO app_data.users (email, password_hash, terms_version, terms_accepted_at)
       SELECT 'bench-' || i || '@example.com', $1, 'bench', now() FROM generate_series(1, $2::int) i`,
      [hash, users]
    )
    await client.query(
      `INSERT INTO app_data.user_portfolios (user_id, name, base_currency) SELECT id, 'Bench', 'USD' FROM app_data.users`
    )
    await client.query(
      `INSERT INTO app_data.user_transactions
         (user_id, portfolio_id, symbol, type, quantity, price, fee, currency, executed_at)
       SELECT p.user_id, p.id, (ARRAY['AAPL','MSFT','NVDA','BTC-USD','ETH-USD','SPY'])[1 + g % 6],
              CASE WHEN g % 4 = 0 THEN 'sell' ELSE 'buy' END,
              round((random() * 10 + 0.001)::numeric, 6), round((random() * 1000)::numeric, 4),
              round((random() * 2)::numeric, 2), 'USD',
              date_trunc('milliseconds', now() - make_interval(hours => g * 7) - random() * interval '6 hours')
       FROM app_data.user_portfolios p CROSS JOIN generate_series(1, $1::int) g`,
      [perUser]
    )
    const sessions = await client.query<{ sessionId: string; userId: string; portfolioId: string }>(
      `INSERT INTO app_data.auth_sessions (user_id, expires_at)
       SELECT id, now() + interval '1 day' FROM app_data.users
       RETURNING id AS "sessionId", user_id AS "userId",
         (SELECT p.id FROM app_data.user_portfolios p WHERE p.user_id = auth_sessions.user_id) AS "portfolioId"`
    )
    await client.query("COMMIT")
    await client.query("ANALYZE")
    return Promise.all(
      sessions.rows.map(async (s) => ({
        portfolioId: s.portfolioId,
        token: await accessToken(jwtSecret, s.userId, s.sessionId)
      }))
    )
  } finally {
    await client.end()
  }
}

/** The plan of the list query, to show that it is an index scan. */
export const explainList = async (url: string, userId: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(
      `EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM app_data.user_transactions WHERE user_id = $1
       ORDER BY executed_at DESC, id DESC LIMIT 51`,
      [userId]
    )
    return rows.map((r) => r["QUERY PLAN"] as string).join("\n")
  } finally {
    await client.end()
  }
}
