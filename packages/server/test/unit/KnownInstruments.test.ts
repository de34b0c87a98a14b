import { describe, expect, it } from "@effect/vitest"
import type { Instrument, InstrumentSymbol } from "@trading-app/domain"
import { Effect, Layer, Option } from "effect"
import { KnownInstruments } from "../../src/MarketData/KnownInstruments.js"
import { MarketDataRepo } from "../../src/MarketData/MarketDataRepo.js"
import { strictMock } from "../support/mocks.js"

const aapl = { symbol: "AAPL", quoteCurrency: "USD" } as unknown as Instrument

describe("KnownInstruments", () => {
  it.effect("reads an instrument found once, and one not found every time", () =>
    Effect.gen(function* () {
      const asked: Array<string> = []
      let pairsRead = 0
      const layer = KnownInstruments.DefaultWithoutDependencies.pipe(
        Layer.provide(
          strictMock(MarketDataRepo, {
            instrument: (symbol) =>
              Effect.sync(() => {
                asked.push(symbol)
                return symbol === "AAPL" ? Option.some(aapl) : Option.none()
              }),
            fxPairs: Effect.sync(() => {
              pairsRead++
              return []
            })
          })
        )
      )
      yield* Effect.gen(function* () {
        const known = yield* KnownInstruments
        for (const symbol of ["AAPL", "AAPL", "NEW", "NEW", "AAPL"])
          yield* known.instrument(symbol as InstrumentSymbol)
        yield* known.fxPairs
        yield* known.fxPairs
      }).pipe(Effect.provide(layer))
      expect(asked).toEqual(["AAPL", "NEW", "NEW"])
      expect(pairsRead).toBe(1)
    })
  )
})
