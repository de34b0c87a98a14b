import { readFileSync } from "node:fs"
import { join } from "node:path"
import pg from "pg"
import { EMBEDDED_DATABASE, PIPELINE_ROLE } from "../../src/dev/LocalDatabase.js"

/**
 * The market-data pipeline's hand on an embedded app's database (as `pnpm start` made it in
 * `dataDir`): browser tests add an instrument of their own and its trades, to move its price.
 */
export const embeddedMarket = async (dataDir: string, pgPort: string) => {
  const secrets = JSON.parse(readFileSync(join(dataDir, "dev-secrets.json"), "utf8")) as {
    pipelinePassword: string
  }
  const client = new pg.Client({
    host: "127.0.0.1",
    port: Number(pgPort),
    user: PIPELINE_ROLE,
    password: secrets.pipelinePassword,
    database: EMBEDDED_DATABASE,
    options: "-c search_path=market_data"
  })
  await client.connect()
  return {
    instrument: (symbol: string) =>
      client.query(
        `INSERT INTO instruments (symbol, name, asset_class, base_currency, quote_currency)
         VALUES ($1, $2, 'crypto', NULL, 'USD')`,
        [symbol, `Test ${symbol}`]
      ),
    trade: (symbol: string, price: string, quantity = "10") =>
      client.query(
        "INSERT INTO public_trades (symbol, time, price, quantity, side) VALUES ($1, now(), $2, $3, 'buy')",
        [symbol, price, quantity]
      ),
    close: () => client.end()
  }
}
