import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { Authentication, requires } from "./Authentication.js"
import { Bot, BotList, CreateBot, MAX_BOTS, UpdateBot } from "./Bots.js"
import {
  ExecutionSignalPage,
  ExecutionSignalParams,
  GroupListParams,
  GroupPage,
  NewTradingViewHook,
  PositionGroupDetail,
  SignalAccepted,
  TradingViewAlert,
  TradingViewHook
} from "./Engine.js"
import { Conflict, NotFound, Unauthorized, Unprocessable } from "./Errors.js"
import { BotId, ExecutionSignalId, GroupId } from "./Ids.js"
import { KillSwitches, RiskLimits, RiskOverview, SetKillSwitch } from "./Risk.js"

const botId = HttpApiSchema.param("botId", BotId)
const groupId = HttpApiSchema.param("groupId", GroupId)

/** Bots: which signals are traded where, with which grid and take-profit. */
export class BotsApi extends HttpApiGroup.make("bots")
  .add(HttpApiEndpoint.get("list", "/").addSuccess(BotList).annotate(OpenApi.Summary, "Your bots"))
  .add(
    HttpApiEndpoint.post("create", "/")
      .setPayload(CreateBot)
      .addSuccess(Bot, { status: 201 })
      .addError(NotFound)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Add a bot: an instrument traded on a connection")
      .annotate(
        OpenApi.Description,
        `The connection and portfolio must be yours (404). testnet and live connections need exchangeSymbol (422). At most ${MAX_BOTS} per account.`
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.patch("update")`/${botId}`
      .setPayload(UpdateBot)
      .addSuccess(Bot)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Rename, pause or change the settings of a bot")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("remove")`/${botId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .addError(Conflict)
      .annotate(OpenApi.Summary, "Delete a bot with its closed groups (409 while one is open)")
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/bots")
  .annotate(OpenApi.Title, "Bots") {}

/** Position groups: what the bots hold and every order they placed. */
export class GroupsApi extends HttpApiGroup.make("groups")
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(GroupListParams)
      .addSuccess(GroupPage)
      .annotate(OpenApi.Summary, "Your position groups, latest first")
  )
  .add(
    HttpApiEndpoint.get("get")`/${groupId}`
      .addSuccess(PositionGroupDetail)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A group with every order")
  )
  .add(
    HttpApiEndpoint.post("close")`/${groupId}/close`
      .addSuccess(PositionGroupDetail)
      .addError(NotFound)
      .annotate(
        OpenApi.Summary,
        "Close a group now: cancel its orders and sell what it holds at market"
      )
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/groups")
  .annotate(OpenApi.Title, "Position groups") {}

/** The user's TradingView webhook and the signals the engine received. */
export class HooksApi extends HttpApiGroup.make("hooks")
  .add(
    HttpApiEndpoint.get("tradingView", "/tradingview")
      .addSuccess(TradingViewHook)
      .annotate(OpenApi.Summary, "Your TradingView webhook's path (its secret is not shown again)")
  )
  .add(
    HttpApiEndpoint.post("rotateTradingView", "/tradingview/rotate")
      .addSuccess(NewTradingViewHook)
      .annotate(OpenApi.Summary, "Make a new TradingView webhook path and secret")
      .annotate(
        OpenApi.Description,
        "The old path and secret stop working at once. The secret is shown in this answer only; the server keeps its SHA-256."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("signals", "/signals")
      .setUrlParams(ExecutionSignalParams)
      .addSuccess(ExecutionSignalPage)
      .annotate(OpenApi.Summary, "Signals the engine received, latest first, with what it did")
  )
  .middleware(Authentication)
  .prefix("/hooks")
  .annotate(OpenApi.Title, "Execution signals") {}

export class SignalTooLate extends Schema.TaggedError<SignalTooLate>()(
  "SignalTooLate",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 422, description: "timenow is too old, or in the future" })
) {}

/** TradingView alerts: public, authenticated by the secret in the body. */
export class TradingViewApi extends HttpApiGroup.make("tradingview")
  .add(
    HttpApiEndpoint.post(
      "alert"
    )`/${HttpApiSchema.param("hookId", Schema.String.pipe(Schema.maxLength(64)))}`
      .setPayload(TradingViewAlert)
      .addSuccess(SignalAccepted, { status: 202 })
      .addError(Unauthorized)
      .addError(NotFound)
      .addError(SignalTooLate)
      .annotate(OpenApi.Summary, "A TradingView alert (the webhook URL TradingView posts to)")
      .annotate(
        OpenApi.Description,
        "Answered 202 once the signal is stored; the engine acts on it right after. The secret is compared in constant time with its stored hash (401 when wrong). A repeated id (dedupe key) is answered 202 with duplicate: true and not acted on again."
      )
  )
  .prefix("/hooks/tv")
  .annotate(OpenApi.Title, "TradingView") {}

/** Risk: the user's limits and signal queue, their kill switch, and the global one. */
export class RiskApi extends HttpApiGroup.make("risk")
  .add(
    HttpApiEndpoint.get("overview", "/")
      .addSuccess(RiskOverview)
      .annotate(OpenApi.Summary, "Your risk limits, how much of them is used, and the queue")
  )
  .add(
    HttpApiEndpoint.put("setLimits", "/limits")
      .setPayload(RiskLimits)
      .addSuccess(RiskOverview)
      .annotate(
        OpenApi.Summary,
        "Set your risk limits (every field; a missing one takes its default)"
      )
      .annotate(
        OpenApi.Description,
        "An entry that would pass maxOpenGroups, maxSymbolExposure or maxTotalExposure waits in the signal queue; one after the day's realised loss reached maxDailyLoss is refused. Raised limits promote queued entries at the next risk tick (30 s)."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("dropQueued")`/queue/${HttpApiSchema.param("signalId", ExecutionSignalId)}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Take an entry out of the queue (it is not acted on)")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("killSwitches", "/kill-switch")
      .addSuccess(KillSwitches)
      .annotate(OpenApi.Summary, "Your kill switch and the global one")
  )
  .add(
    HttpApiEndpoint.put("setKillSwitch", "/kill-switch")
      .setPayload(SetKillSwitch)
      .addSuccess(KillSwitches)
      .annotate(OpenApi.Summary, "Halt or resume your bots' trading")
      .annotate(
        OpenApi.Description,
        "Engaged: no bot of yours opens or adds to a group, and the working entry orders (base and safety) of your open groups are cancelled; take-profits, stop-losses and exits go on, so positions can still close. closeAll also closes every open group at market."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.put("setGlobalKillSwitch", "/kill-switch/global")
      .setPayload(SetKillSwitch)
      .addSuccess(KillSwitches)
      .annotate(OpenApi.Summary, "Halt or resume every account's bots (administrators)")
      .pipe(requires("admin"))
  )
  .middleware(Authentication)
  .prefix("/risk")
  .annotate(OpenApi.Title, "Risk") {}
