import { Effect } from "effect"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import type { CheckOutcome } from "./ExchangePort.js"

/** The market feed's last trade may be this old before paper orders count as unfillable. */
export const FEED_STALE_SECONDS = 300

const age = (seconds: number) =>
  seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} minutes`

/**
 * A paper account works while the market feed it fills against is live: its newest trade, of
 * any active instrument, is at most FEED_STALE_SECONDS old.
 */
export const checkPaper = Effect.gen(function* () {
  const market = yield* MarketDataRepo
  const rows = yield* Effect.orDie(market.freshness)
  const ages = rows
    .filter((r) => r.active && r.lastTradeAgeSeconds !== null)
    .map((r) => Math.max(0, r.lastTradeAgeSeconds as number))
  if (ages.length === 0)
    return { ok: false, message: "The market feed has no trades: paper orders cannot fill" }
  const newest = Math.min(...ages)
  return newest <= FEED_STALE_SECONDS
    ? {
        ok: true,
        message: `Paper orders fill against the market feed (last trade ${age(newest)} ago)`
      }
    : {
        ok: false,
        message: `The market feed has not traded for ${age(newest)}: paper orders will not fill until it does`
      }
}).pipe(Effect.withSpan("Exchange.checkPaper")) satisfies Effect.Effect<
  CheckOutcome,
  never,
  MarketDataRepo
>
