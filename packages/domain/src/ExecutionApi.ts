import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { finishApi } from "./AppApi.js"
import { Authentication, requires } from "./Authentication.js"
import {
  Connection,
  ConnectionList,
  CreateConnection,
  MAX_CONNECTIONS,
  UpdateConnection
} from "./Connections.js"
import { BotsApi, GroupsApi, HooksApi, RiskApi } from "./EngineApi.js"
import { Conflict, NotAvailable, NotFound, Unprocessable } from "./Errors.js"
import { GridPreview, GridPreviewRequest } from "./Grids.js"
import { ConnectionId } from "./Ids.js"
import { OrdersApi } from "./ManualOrders.js"
import { SignalsApi } from "./SignalsApi.js"

const connectionId = HttpApiSchema.param("connectionId", ConnectionId)

/** Exchange connections: where the execution engine places orders, with sealed keys. */
export class ConnectionsApi extends HttpApiGroup.make("connections")
  .add(
    HttpApiEndpoint.get("list", "/")
      .addSuccess(ConnectionList)
      .annotate(OpenApi.Summary, "Your exchange connections")
  )
  .add(
    HttpApiEndpoint.post("create", "/")
      .setPayload(CreateConnection)
      .addSuccess(Connection, { status: 201 })
      .addError(Unprocessable)
      .addError(NotAvailable)
      .annotate(OpenApi.Summary, "Connect an exchange account (paper, testnet or live)")
      .annotate(
        OpenApi.Description,
        `The keys are sealed with envelope encryption (AES-256-GCM, a data key per secret wrapped by the server's master key) and never returned: only the key's last four characters are. The connection is checked at once and every 5 minutes. At most ${MAX_CONNECTIONS} per account (422); 503 when the server has no SECRETS_KEYS to seal keys with.`
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.patch("update")`/${connectionId}`
      .setPayload(UpdateConnection)
      .addSuccess(Connection)
      .addError(NotFound)
      .addError(Unprocessable)
      .addError(NotAvailable)
      .addError(Conflict)
      .annotate(
        OpenApi.Summary,
        "Rename a connection, switch its mode (409 while groups are open on it) or replace its keys"
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("remove")`/${connectionId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .addError(Conflict)
      .annotate(
        OpenApi.Summary,
        "Delete a connection and its sealed keys (409 while bots trade on it)"
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.post("check")`/${connectionId}/check`
      .addSuccess(Connection)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Check a connection now: its keys at the exchange, or the feed")
      .annotate(
        OpenApi.Description,
        "testnet and live: the exchange is asked for the account's balances with the keys (10 s timeout, retried on network errors). paper: the market feed must have traded in the last 5 minutes, or paper orders would not fill."
      )
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/connections")
  .annotate(OpenApi.Title, "Exchange connections") {}

/** DCA grids: what a grid's orders and capital would be, before anything is placed. */
export class GridsApi extends HttpApiGroup.make("grids")
  .add(
    HttpApiEndpoint.post("preview", "/preview")
      .setPayload(GridPreviewRequest)
      .addSuccess(GridPreview)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "The orders of a DCA grid from an entry price, and its capital")
      .annotate(
        OpenApi.Description,
        "Exact decimals: the n-th safety order at the cumulative deviation d·(sⁿ−1)/(s−1) from the entry, of the amount SO₁·vⁿ⁻¹; quantities rounded down to 10 places; after each order, the average entry and the take-profit on it. A long grid whose orders would reach a price of zero is refused (422), naming the setting."
      )
  )
  .middleware(Authentication)
  .prefix("/grids")
  .annotate(OpenApi.Title, "Grids") {}

/** The execution groups (and the watches bots may trade), for the web app's execution pages. */
export class ExecutionApi extends finishApi(
  HttpApi.make("trading-app")
    .add(GridsApi)
    .add(ConnectionsApi)
    .add(BotsApi)
    .add(GroupsApi)
    .add(HooksApi)
    .add(RiskApi)
    .add(OrdersApi)
    .add(SignalsApi)
) {}
