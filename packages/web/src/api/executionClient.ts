import { HttpApiClient } from "@effect/platform"
import { ExecutionApi } from "@trading-app/domain"
import { baseUrl, clientOver } from "./client.js"
import { apiTransport } from "./transport.js"

/** The typed client of the execution pages (loaded with them). */
export const executionApi = clientOver(HttpApiClient.make(ExecutionApi, { baseUrl }), apiTransport)
