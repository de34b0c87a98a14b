import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Authentication, requires } from "./Authentication.js"
import { Conflict, NotAvailable, NotFound, Unprocessable } from "./Errors.js"
import { WatchId } from "./Ids.js"
import {
  CreateWatch,
  MAX_RUNNING_WATCHES,
  SetSignalWebhook,
  SignalListParams,
  SignalPage,
  SignalWebhook,
  UpdateWatch,
  Watch,
  WatchList,
  WebhookTestResult
} from "./Signals.js"

const watchId = HttpApiSchema.param("watchId", WatchId)

/** Live signals: strategies watched on the market data as its candles close. */
export class SignalsApi extends HttpApiGroup.make("signals")
  .add(
    HttpApiEndpoint.post("watch", "/watches")
      .setPayload(CreateWatch)
      .addSuccess(Watch, { status: 201 })
      .addError(NotFound)
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Watch a strategy version on the live market")
      .annotate(
        OpenApi.Description,
        `From the candle in progress on, each newly closed candle is read and the version replayed as a backtest of the watch's span would play it; each signal is stored, sent on the event stream (type signal) and, with webhook, posted to your webhook. One running watch per strategy (409), at most ${MAX_RUNNING_WATCHES} running per account (422).`
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("watches", "/watches")
      .addSuccess(WatchList)
      .annotate(OpenApi.Summary, "Your watches: running ones, then the last 50 stopped")
  )
  .add(
    HttpApiEndpoint.patch("updateWatch")`/watches/${watchId}`
      .setPayload(UpdateWatch)
      .addSuccess(Watch)
      .addError(NotFound)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Post a running watch's signals to your webhook, or stop posting")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.post("stopWatch")`/watches/${watchId}/stop`
      .addSuccess(Watch)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Stop a watch; its signals stay")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("deleteWatch")`/watches/${watchId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Delete a watch with its signals")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(SignalListParams)
      .addSuccess(SignalPage)
      .annotate(OpenApi.Summary, "Your signals, latest candle first, of all watches or of one")
  )
  .add(
    HttpApiEndpoint.get("webhook", "/webhook")
      .addSuccess(SignalWebhook)
      .annotate(OpenApi.Summary, "Whether a webhook is set for your signals, and its host")
  )
  .add(
    HttpApiEndpoint.put("setWebhook", "/webhook")
      .setPayload(SetSignalWebhook)
      .addSuccess(SignalWebhook)
      .addError(Unprocessable)
      .addError(NotAvailable)
      .annotate(OpenApi.Summary, "Set the webhook your watched strategies' signals are posted to")
      .annotate(
        OpenApi.Description,
        "A Discord-style incoming webhook: each signal is POSTed as JSON (content and an embed). The address must be https and must not lead to a private or local network address; it is kept encrypted, and only its host is shown again."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("removeWebhook", "/webhook")
      .addSuccess(HttpApiSchema.NoContent)
      .annotate(OpenApi.Summary, "Remove your webhook (watches stop posting)")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.post("testWebhook", "/webhook/test")
      .addSuccess(WebhookTestResult)
      .addError(NotFound)
      .addError(NotAvailable)
      .annotate(OpenApi.Summary, "Post a test message to your webhook and tell what it answered")
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/signals")
  .annotate(OpenApi.Title, "Signals") {}
