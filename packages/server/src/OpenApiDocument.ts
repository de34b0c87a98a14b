import { OpenApi } from "@effect/platform"
import { Api } from "@trading-app/domain"

/** The OpenAPI 3.1 document of the API, exactly as served at /api/openapi.json. */
export const openApiDocument = () => OpenApi.fromApi(Api)

/** The committed file's text: stable key order from the generator, two-space indent. */
export const openApiFileText = () => `${JSON.stringify(openApiDocument(), null, 2)}\n`
