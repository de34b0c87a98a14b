import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { Authentication, requires } from "./Authentication.js"
import { Fee, Held, PositiveDecimal, Price, Quantity } from "./Decimal.js"
import { OrderStatus } from "./Engine.js"
import { NotFound, Unprocessable } from "./Errors.js"
import { ConnectionId, ManualOrderId, PortfolioId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { Page, pageCursor, pageLimit } from "./Paging.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

/** Manual orders one user may have working at once. */
export const MAX_WORKING_MANUAL_ORDERS = 50

/** An order a trader placed by hand on a paper connection; its fills land in the portfolio. */
export const ManualOrder = Schema.Struct({
  id: ManualOrderId,
  connectionId: ConnectionId,
  connectionName: Schema.String,
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol,
  side: Schema.Literal("buy", "sell"),
  type: Schema.Literal("market", "limit"),
  price: Schema.NullOr(Price).annotations({ description: "The limit; null for a market order" }),
  quantity: Quantity,
  status: OrderStatus,
  filledQuantity: Held,
  averageFillPrice: Schema.NullOr(Price),
  fee: Fee,
  message: Schema.String,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "ManualOrder" })
export type ManualOrder = typeof ManualOrder.Type

export const PlaceManualOrder = strictStruct("PlaceManualOrder", {
  connectionId: ConnectionId,
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol,
  side: Schema.Literal("buy", "sell"),
  type: Schema.Literal("market", "limit"),
  quantity: PositiveDecimal,
  price: Schema.optionalWith(Schema.NullOr(PositiveDecimal), { default: () => null }).annotations({
    description: "limit only: the limit price"
  })
}).pipe(
  Schema.filter((o) =>
    o.type === "limit"
      ? o.price !== null || { path: ["price"], message: "A limit order needs its limit price" }
      : o.price === null || {
          path: ["price"],
          message: "A market order fills at the market: leave the price out"
        }
  )
)
export type PlaceManualOrder = typeof PlaceManualOrder.Type

export const ManualOrderPage = Page("ManualOrderPage", ManualOrder)

export const ManualOrderParams = Schema.Struct({
  limit: pageLimit(200, 50),
  cursor: pageCursor
})

const orderId = HttpApiSchema.param("orderId", ManualOrderId)

/** Manual orders on paper connections: the order ticket and its orders. */
export class OrdersApi extends HttpApiGroup.make("orders")
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(ManualOrderParams)
      .addSuccess(ManualOrderPage)
      .annotate(OpenApi.Summary, "Your manual orders, latest first")
  )
  .add(
    HttpApiEndpoint.post("place", "/")
      .setPayload(PlaceManualOrder)
      .addSuccess(ManualOrder, { status: 201 })
      .addError(NotFound)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Place an order by hand on a paper connection")
      .annotate(
        OpenApi.Description,
        `The connection and the portfolio must be yours (404); the connection must be a paper one and the instrument known (422). A market order fills at the next trades, a limit order once a trade reaches its price, as a bot's would; each fill is recorded in the portfolio. At most ${MAX_WORKING_MANUAL_ORDERS} working at once.`
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.post("cancel")`/${orderId}/cancel`
      .addSuccess(ManualOrder)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Cancel what is left of a working manual order")
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/orders")
  .annotate(OpenApi.Title, "Manual orders") {}
