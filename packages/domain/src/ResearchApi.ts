import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { finishApi } from "./AppApi.js"
import { Authentication, requires } from "./Authentication.js"
import {
  BacktestList,
  BacktestListParams,
  Backtest as BacktestResource,
  BacktestWithReport,
  CreateBacktest
} from "./Backtests.js"
import { Conflict, NotFound, TooManyRequests, Unprocessable } from "./Errors.js"
import {
  BacktestId,
  ParameterSearchId,
  ResearchDocumentId,
  StrategyDraftId,
  StrategyId
} from "./Ids.js"
import { IndicatorLines, IndicatorsRequest } from "./IndicatorLines.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import {
  CreateParameterSearch,
  MAX_PARAMETER_SETS,
  ParameterSearch,
  ParameterSearchList,
  ParameterSearchListParams,
  ParameterSearchWithResults
} from "./ParameterSearch.js"
import {
  DocumentUploadParams,
  MAX_DOCUMENT_BYTES,
  ResearchDocument,
  ResearchDocumentList,
  ResearchDocumentWithDrafts
} from "./ResearchDocuments.js"
import { SignalsApi } from "./SignalsApi.js"
import {
  CreateStrategy,
  Strategy,
  StrategyList,
  StrategyVersions,
  UpdateStrategy
} from "./Strategies.js"
import { StrategyTemplateList } from "./StrategyTemplates.js"

const strategyId = HttpApiSchema.param("strategyId", StrategyId)
const backtestId = HttpApiSchema.param("backtestId", BacktestId)

/** Strategies: declarative documents, versioned on every edit of the document. */
export class StrategiesApi extends HttpApiGroup.make("strategies")
  .add(
    HttpApiEndpoint.get("templates", "/templates")
      .addSuccess(StrategyTemplateList)
      .annotate(
        OpenApi.Summary,
        "Starting points: SMA crossover, RSI mean reversion, Bollinger breakout, periodic DCA"
      )
  )
  .add(
    HttpApiEndpoint.get("list", "/")
      .addSuccess(StrategyList)
      .annotate(OpenApi.Summary, "Your strategies, at their latest versions")
  )
  .add(
    HttpApiEndpoint.post("create", "/")
      .setPayload(CreateStrategy)
      .addSuccess(Strategy, { status: 201 })
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Save a strategy (version 1)")
      .annotate(
        OpenApi.Description,
        "A document with problems is refused with 400; each issue names its place in the document (e.g. entry.of.1.left.period)."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("get")`/${strategyId}`
      .addSuccess(Strategy)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A strategy at its latest version")
  )
  .add(
    HttpApiEndpoint.get("versions")`/${strategyId}/versions`
      .addSuccess(StrategyVersions)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Every version of a strategy's document, newest first")
  )
  .add(
    HttpApiEndpoint.patch("update")`/${strategyId}`
      .setPayload(UpdateStrategy)
      .addSuccess(Strategy)
      .addError(NotFound)
      .addError(Conflict)
      .annotate(OpenApi.Summary, "Rename, describe, or change the document (a new version)")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("delete")`/${strategyId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Delete a strategy with its versions and backtests")
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/strategies")
  .annotate(OpenApi.Title, "Strategies") {}

/** Backtests: a strategy played over past candles by a background job. */
export class BacktestsApi extends HttpApiGroup.make("backtests")
  .add(
    HttpApiEndpoint.post("create", "/")
      .setPayload(CreateBacktest)
      .addSuccess(BacktestResource, { status: 202 })
      .addError(NotFound)
      .addError(Unprocessable)
      .addError(TooManyRequests)
      .annotate(OpenApi.Summary, "Start a backtest of a strategy over a range of the market data")
      .annotate(
        OpenApi.Description,
        "A background job runs it; progress arrives on the event stream (job.progress, job backtest). Fills are at the next bar's open after a signal on a close, with the strategy's fee and slippage; a stop and a target inside one bar count as the stop; warm-up bars never trade."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(BacktestListParams)
      .addSuccess(BacktestList)
      .annotate(OpenApi.Summary, "Your backtests, newest first (the last 200)")
  )
  .add(
    HttpApiEndpoint.get("get")`/${backtestId}`
      .addSuccess(BacktestWithReport)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A backtest with its report, once ready")
  )
  .add(
    HttpApiEndpoint.del("delete")`/${backtestId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Delete a backtest")
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/backtests")
  .annotate(OpenApi.Title, "Backtests") {}

const symbol = HttpApiSchema.param("symbol", InstrumentSymbol)

/** Indicator lines of any instrument and interval, as strategies compute them. */
export class IndicatorsApi extends HttpApiGroup.make("indicators")
  .add(
    HttpApiEndpoint.post("lines")`/${symbol}`
      .setPayload(IndicatorsRequest)
      .addSuccess(IndicatorLines)
      .addError(NotFound)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Indicator lines over an instrument's closed candles")
      .annotate(
        OpenApi.Description,
        "Computed on closed candles only (an open candle's value would still change), with the candles before `from` used to warm the lines up, so the first values are already defined."
      )
  )
  .middleware(Authentication)
  .prefix("/indicators")
  .annotate(OpenApi.Title, "Indicators") {}

const documentId = HttpApiSchema.param("documentId", ResearchDocumentId)
const draftId = HttpApiSchema.param("draftId", StrategyDraftId)

/** Research documents read by the Librarian, and the strategy drafts it finds in them. */
export class DocumentsApi extends HttpApiGroup.make("documents")
  .add(
    HttpApiEndpoint.post("upload", "/documents")
      .setUrlParams(DocumentUploadParams)
      .setPayload(HttpApiSchema.Uint8Array({ contentType: "application/octet-stream" }))
      .addSuccess(ResearchDocument, { status: 202 })
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Upload a research document (PDF, Markdown or text)")
      .annotate(
        OpenApi.Description,
        `The file's bytes as application/octet-stream, at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB. A background job hands it to the Librarian, which keeps and indexes it, then asks it for strategy drafts; progress arrives on the event stream (job.progress, job document). The same file again answers the document already there.`
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("list", "/documents")
      .addSuccess(ResearchDocumentList)
      .annotate(OpenApi.Summary, "Your research documents, newest first")
  )
  .add(
    HttpApiEndpoint.get("get")`/documents/${documentId}`
      .addSuccess(ResearchDocumentWithDrafts)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A research document with its strategy drafts")
  )
  .add(
    HttpApiEndpoint.del("delete")`/documents/${documentId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Delete a document here and at the Librarian, with its drafts")
      .annotate(
        OpenApi.Description,
        "When the Librarian cannot be reached the document stays, and the answer is 503 with Retry-After."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.post("dismissDraft")`/drafts/${draftId}/dismiss`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Set a strategy draft aside")
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/research")
  .annotate(OpenApi.Title, "Research documents") {}

const searchId = HttpApiSchema.param("searchId", ParameterSearchId)

/** Parameter searches: a strategy's numbers varied over ranges, each set tested in and out of sample. */
export class SearchesApi extends HttpApiGroup.make("searches")
  .add(
    HttpApiEndpoint.post("create", "/")
      .setPayload(CreateParameterSearch)
      .addSuccess(ParameterSearch, { status: 202 })
      .addError(NotFound)
      .addError(Unprocessable)
      .addError(TooManyRequests)
      .annotate(
        OpenApi.Summary,
        "Start a parameter search (grid or random) with an out-of-sample period"
      )
      .annotate(
        OpenApi.Description,
        `Each parameter names a number of the strategy's document by its path (e.g. entry.left.period) and a range in steps; at most ${MAX_PARAMETER_SETS} sets. Every set is backtested on the range before the split (in sample) and after it (out of sample); the gap between the two shows overfitting. Chunks of sets run as background jobs on every worker; progress arrives on the event stream (job.progress, job parameter-search).`
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(ParameterSearchListParams)
      .addSuccess(ParameterSearchList)
      .annotate(OpenApi.Summary, "Your parameter searches, newest first")
  )
  .add(
    HttpApiEndpoint.get("get")`/${searchId}`
      .addSuccess(ParameterSearchWithResults)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A parameter search with its results, best in sample first")
  )
  .add(
    HttpApiEndpoint.del("delete")`/${searchId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Delete a parameter search")
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/searches")
  .annotate(OpenApi.Title, "Parameter searches") {}

/** The research pages' own client (loaded with them). */
export class ResearchApi extends finishApi(
  HttpApi.make("trading-app")
    .add(StrategiesApi)
    .add(BacktestsApi)
    .add(IndicatorsApi)
    .add(DocumentsApi)
    .add(SearchesApi)
    .add(SignalsApi)
) {}
