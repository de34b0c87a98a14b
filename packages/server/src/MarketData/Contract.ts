import { SqlClient } from "@effect/sql"
import { Data, Effect, Layer } from "effect"
import { AppConfig } from "../AppConfig.js"

/** Column kinds the app can read, each with the PostgreSQL types that are compatible with it. */
const KINDS = {
  text: ["text", "character varying", "character"],
  // Exact decimals only: a binary float cannot hold prices to the cent.
  decimal: ["numeric", "bigint", "integer", "smallint"],
  timestamptz: ["timestamp with time zone"],
  boolean: ["boolean"],
  id: ["bigint", "integer", "text", "character varying", "uuid"]
} as const
type Kind = keyof typeof KINDS

/**
 * What the app reads from the pipeline's tables (see docs/market-data.md). Other
 * columns may exist; these must, with a compatible type.
 */
export const MARKET_DATA_CONTRACT: Record<string, Record<string, Kind>> = {
  instruments: {
    symbol: "text",
    name: "text",
    asset_class: "text",
    base_currency: "text",
    quote_currency: "text",
    active: "boolean"
  },
  ohlc: {
    symbol: "text",
    interval: "text",
    bucket_start: "timestamptz",
    open: "decimal",
    high: "decimal",
    low: "decimal",
    close: "decimal",
    volume: "decimal"
  },
  public_trades: {
    id: "id",
    symbol: "text",
    time: "timestamptz",
    price: "decimal",
    quantity: "decimal",
    side: "text"
  }
}

export class MarketDataContractError extends Data.TaggedError("MarketDataContractError")<{
  readonly problems: ReadonlyArray<string>
}> {
  override get message() {
    return `The market-data tables do not match what the app reads:\n${this.problems.map((p) => `  - ${p}`).join("\n")}`
  }
}

/** Every way the tables visible to this connection differ from the contract (empty when none). */
export const contractProblems = (
  schema: string,
  columns: ReadonlyArray<{ table: string; column: string; type: string }>
): ReadonlyArray<string> => {
  const problems: Array<string> = []
  for (const [table, expected] of Object.entries(MARKET_DATA_CONTRACT)) {
    const found = new Map(columns.filter((c) => c.table === table).map((c) => [c.column, c.type]))
    if (found.size === 0) {
      problems.push(`table ${schema}.${table} is missing or not readable by the app's role`)
      continue
    }
    for (const [column, kind] of Object.entries(expected)) {
      const type = found.get(column)
      const allowed: ReadonlyArray<string> = KINDS[kind]
      if (type === undefined) {
        problems.push(`${schema}.${table}.${column} is missing (expected ${allowed.join(" or ")})`)
      } else if (!allowed.includes(type)) {
        problems.push(`${schema}.${table}.${column} is ${type}; expected ${allowed.join(" or ")}`)
      }
    }
  }
  return problems
}

/** Checks the live tables against the contract; fails with every mismatch named. */
export const checkMarketDataContract = (schema: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = yield* sql<{ table: string; column: string; type: string }>`
      SELECT table_name AS "table", column_name AS "column", data_type AS "type"
      FROM information_schema.columns
      WHERE table_schema = ${schema} AND table_name IN ${sql.in(Object.keys(MARKET_DATA_CONTRACT))}`
    const problems = contractProblems(schema, columns)
    if (problems.length > 0) return yield* new MarketDataContractError({ problems })
  }).pipe(Effect.withSpan("MarketData.checkContract"))

/** Refuses to start the app while the market-data tables break the contract. */
export const MarketDataContractLive = Layer.effectDiscard(
  Effect.flatMap(AppConfig, (config) =>
    checkMarketDataContract(config.marketDataSchema).pipe(Effect.catchTag("SqlError", Effect.die))
  )
)
