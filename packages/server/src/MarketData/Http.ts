import { HttpApiBuilder } from "@effect/platform"
import { Api } from "@trading-app/domain"
import { Effect } from "effect"
import { MarketData } from "./MarketData.js"

export const MarketHttpLive = HttpApiBuilder.group(Api, "market", (handlers) =>
  Effect.gen(function* () {
    const market = yield* MarketData
    return handlers
      .handle("instruments", ({ urlParams }) =>
        market.search(urlParams.q, urlParams.assetClass, urlParams.limit)
      )
      .handle("instrument", ({ path }) => market.instrument(path.symbol))
      .handle("candles", ({ path, urlParams }) => market.candles(path.symbol, urlParams))
      .handle("trades", ({ path, urlParams }) => market.trades(path.symbol, urlParams.limit))
      .handle("prices", ({ urlParams }) => market.prices(urlParams.symbols))
  })
)
