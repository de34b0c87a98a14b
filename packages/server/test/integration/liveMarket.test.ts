import { Effect, Exit, Redacted, Scope } from "effect"
import { describe, expect, it } from "vitest"
import { loadSampleMarket, runLiveMarket } from "../../src/dev/MarketFeed.js"
import * as testDb from "../support/databases.js"
import { usePipeline } from "../support/pipeline.js"

const pipeline = usePipeline()

const count = async (sql: string, params: unknown[] = []) =>
  Number((await pipeline.query(sql, params)).rows[0].n)

describe("the sample market feed", () => {
  it.skipIf(process.env.TEST_DATABASE_URL)(
    "keeps trades and candles arriving while it runs, and stops with its scope",
    async () => {
      const started = new Date()
      const scope = Effect.runSync(Scope.make())
      await Effect.runPromise(
        Scope.extend(runLiveMarket(Redacted.make(testDb.pipelineUrl), "market_data"), scope)
      )
      await new Promise((resolve) => setTimeout(resolve, 3500))
      await Effect.runPromise(Scope.close(scope, Exit.void))
      const trades = await count(
        "SELECT count(*) AS n FROM public_trades WHERE symbol = 'BTC-USD' AND time >= $1",
        [started]
      )
      expect(trades).toBeGreaterThanOrEqual(1)
      const candle = await pipeline.query(
        `SELECT close::text, (SELECT price::text FROM public_trades WHERE symbol = 'BTC-USD'
           ORDER BY time DESC LIMIT 1) AS last
         FROM ohlc WHERE symbol = 'BTC-USD' AND interval = '1m' ORDER BY bucket_start DESC LIMIT 1`
      )
      // The current minute's candle closes at the last trade.
      expect(candle.rows[0].close).toBe(candle.rows[0].last)
      const after = await count("SELECT count(*) AS n FROM public_trades")
      await new Promise((resolve) => setTimeout(resolve, 3500))
      expect(await count("SELECT count(*) AS n FROM public_trades")).toBe(after)
    }
  )

  it.skipIf(process.env.TEST_DATABASE_URL)(
    "fills the time since the last candle when started again later",
    async () => {
      const later = Date.now() + 2 * 3_600_000
      const result = await Effect.runPromise(
        loadSampleMarket(Redacted.make(testDb.pipelineUrl), "market_data", later)
      )
      expect(result).toBe("caught up")
      const newest = await pipeline.query(
        "SELECT max(bucket_start) AS t FROM ohlc WHERE symbol = 'BTC-USD' AND interval = '1m'"
      )
      expect(later - newest.rows[0].t.getTime()).toBeLessThanOrEqual(2 * 60_000)
      expect(
        await Effect.runPromise(
          loadSampleMarket(Redacted.make(testDb.pipelineUrl), "market_data", later)
        )
      ).toBe("current")
    }
  )
})
