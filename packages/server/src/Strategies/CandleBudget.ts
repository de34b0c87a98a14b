import { Effect } from "effect"
import { MAX_BACKTEST_BARS } from "./Inputs.js"

/**
 * How many candles this process's backtests and searches hold in memory at once: one test at
 * the limit, or several smaller ones side by side (a worker has 384 MB; a test at the limit
 * takes about 110 MB). A test waits for its share rather than risking the process.
 */
export class CandleBudget extends Effect.Service<CandleBudget>()("CandleBudget", {
  effect: Effect.map(Effect.makeSemaphore(MAX_BACKTEST_BARS), (semaphore) => ({
    /** Runs `work` once `candles` of the budget are free, holding them until it ends. */
    withCandles:
      (candles: number) =>
      <A, E, R>(work: Effect.Effect<A, E, R>) =>
        semaphore.withPermits(Math.max(1, Math.min(MAX_BACKTEST_BARS, candles)))(work)
  }))
}) {}
