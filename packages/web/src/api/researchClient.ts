import { HttpApiClient } from "@effect/platform"
import { ResearchApi } from "@trading-app/domain"
import { baseUrl, clientOver } from "./client.js"
import { apiTransport } from "./transport.js"

/** The typed client of strategies, backtests and indicator lines (loaded with their pages). */
export const researchApi = clientOver(HttpApiClient.make(ResearchApi, { baseUrl }), apiTransport)
