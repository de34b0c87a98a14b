import { HttpApi, HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { finishApi } from "./AppApi.js"
import { Authentication } from "./Authentication.js"
import { Unprocessable } from "./Errors.js"
import { GridPreview, GridPreviewRequest } from "./Grids.js"

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

/** The execution groups, for the web app's execution pages (loaded with them). */
export class ExecutionApi extends finishApi(HttpApi.make("trading-app").add(GridsApi)) {}
