import type { InstrumentSymbol } from "@trading-app/domain"
import { Cache, Duration, Effect, Option } from "effect"
import { MarketDataRepo } from "./MarketDataRepo.js"

/** How long an instrument found, and the list of FX pairs, are taken as they were read. */
const TIME_TO_LIVE = Duration.minutes(1)

/**
 * The instruments and FX pairs a write is checked against, remembered for a minute: every
 * recorded trade names one, and the pipeline changes them rarely. A symbol not found is asked
 * again each time, so one the pipeline has just added is known at once.
 */
export class KnownInstruments extends Effect.Service<KnownInstruments>()("KnownInstruments", {
  effect: Effect.gen(function* () {
    const repo = yield* MarketDataRepo
    const found = yield* Cache.make({
      capacity: 10_000,
      lookup: (symbol: InstrumentSymbol) => repo.instrument(symbol),
      timeToLive: TIME_TO_LIVE
    })
    const instrument = (symbol: InstrumentSymbol) =>
      Effect.tap(found.get(symbol), (o) =>
        Option.isNone(o) ? found.invalidate(symbol) : Effect.void
      )
    const fxPairs = yield* Effect.cachedWithTTL(repo.fxPairs, TIME_TO_LIVE)
    return { instrument, fxPairs } as const
  }),
  dependencies: [MarketDataRepo.Default]
}) {}
