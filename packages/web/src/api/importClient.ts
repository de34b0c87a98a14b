import { HttpApiClient } from "@effect/platform"
import { ImportApi } from "@trading-app/domain"
import { baseUrl, clientOver } from "./client.js"
import { apiTransport } from "./transport.js"

/** The typed client of the import operations (the import page's own, loaded with it). */
export const importApi = clientOver(HttpApiClient.make(ImportApi, { baseUrl }), apiTransport)
