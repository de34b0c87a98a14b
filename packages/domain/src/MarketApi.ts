import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Authentication } from "./Authentication.js"
import { NotFound, ValidationError } from "./Errors.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import {
  CandleParams,
  CandleSeries,
  Instrument,
  InstrumentList,
  InstrumentSearchParams,
  LatestPrices,
  PriceParams,
  PublicTradeList,
  TradeParams
} from "./MarketData.js"

const symbol = HttpApiSchema.param("symbol", InstrumentSymbol)

/** Read-only market data: instruments, candles, prices and public trades. */
export class MarketApi extends HttpApiGroup.make("market")
  .add(
    HttpApiEndpoint.get("instruments", "/instruments")
      .setUrlParams(InstrumentSearchParams)
      .addSuccess(InstrumentList)
      .annotate(OpenApi.Summary, "Search instruments by symbol or name")
  )
  .add(
    HttpApiEndpoint.get("instrument")`/instruments/${symbol}`
      .addSuccess(Instrument)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "One instrument")
  )
  .add(
    HttpApiEndpoint.get("candles")`/instruments/${symbol}/candles`
      .setUrlParams(CandleParams)
      .addSuccess(CandleSeries)
      .addError(NotFound)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "OHLC candles, oldest first")
      .annotate(
        OpenApi.Description,
        "Coarser intervals are aggregated in SQL from the finest stored candles that cover the range. At most 5,000 candles per answer."
      )
  )
  .add(
    HttpApiEndpoint.get("trades")`/instruments/${symbol}/trades`
      .setUrlParams(TradeParams)
      .addSuccess(PublicTradeList)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Recent public trades, newest first")
  )
  .add(
    HttpApiEndpoint.get("prices", "/prices")
      .setUrlParams(PriceParams)
      .addSuccess(LatestPrices)
      .annotate(OpenApi.Summary, "Latest prices of up to 100 symbols")
      .annotate(
        OpenApi.Description,
        "For each symbol, whichever of its last public trade and its last candle close is newer."
      )
  )
  .middleware(Authentication)
  .prefix("/market")
  .annotate(OpenApi.Title, "Market data") {}
