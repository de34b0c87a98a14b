// The floor: the same authenticated list query and insert on plain node:http + pg + JWT
// verification, with nothing else. The benchmark reports the real server's figures as ratios of
// this one.
import { createServer } from "node:http"
import { jwtVerify } from "jose"
import pg from "pg"

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10)
})
const key = await crypto.subtle.importKey(
  "raw",
  new TextEncoder().encode(process.env.JWT_SECRET),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["verify"]
)

// The columns the app reads: every activity type's fields.
const LIST = `SELECT id, portfolio_id AS "portfolioId", type, symbol,
  trim_scale(quantity) AS quantity, trim_scale(price) AS price, trim_scale(fee) AS fee,
  trim_scale(amount) AS amount, trim_scale(withholding_tax) AS "withholdingTax",
  trim_scale(shares_before) AS "sharesBefore", trim_scale(shares_after) AS "sharesAfter",
  currency, executed_at AS "executedAt", note, created_at AS "createdAt", updated_at AS "updatedAt"
  FROM app_data.user_transactions WHERE user_id = $1 ORDER BY executed_at DESC, id DESC LIMIT $2`

const INSERT = `INSERT INTO app_data.user_transactions (user_id, portfolio_id, type, symbol,
  quantity, price, fee, currency, executed_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  RETURNING id, portfolio_id AS "portfolioId", type, symbol, trim_scale(quantity) AS quantity,
  trim_scale(price) AS price, trim_scale(fee) AS fee, currency, executed_at AS "executedAt", note,
  created_at AS "createdAt", updated_at AS "updatedAt"`

const body = async (req: import("node:http").IncomingMessage) => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString("utf8"))
}

createServer(async (req, res) => {
  try {
    const token = (req.headers.authorization ?? "").slice(7)
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: "trading-app",
      audience: "trading-app"
    })
    if (req.method === "POST") {
      const t = await body(req)
      const { rows } = await pool.query(INSERT, [
        payload.sub,
        t.portfolioId,
        t.type,
        t.symbol,
        t.quantity,
        t.price,
        t.fee ?? "0",
        t.currency,
        t.executedAt,
        t.note ?? null
      ])
      res.writeHead(201, { "content-type": "application/json" })
      res.end(JSON.stringify(rows[0]))
      return
    }
    const limit = Math.min(
      200,
      Math.max(1, Number(new URL(req.url ?? "/", "http://x").searchParams.get("limit") ?? 50))
    )
    const { rows } = await pool.query(LIST, [payload.sub, limit + 1])
    const items = rows.slice(0, limit)
    const last = items.at(-1)
    const nextCursor =
      rows.length > limit && last
        ? Buffer.from(`${last.executedAt.toISOString()}|${last.id}`).toString("base64url")
        : null
    res.writeHead(200, { "content-type": "application/json" })
    res.end(JSON.stringify({ items, nextCursor }))
  } catch {
    res.writeHead(401)
    res.end()
  }
}).listen(Number(process.env.PORT), "127.0.0.1")
process.on("SIGINT", () => process.exit(0))
process.on("SIGTERM", () => process.exit(0))
