import { HttpApiClient } from "@effect/platform"
import { AssistantClientApi } from "@trading-app/domain"
import { baseUrl, clientOver } from "./client.js"
import { apiTransport } from "./transport.js"

/** The typed client of the assistant (loaded with its drawer). */
export const assistantApi = clientOver(
  HttpApiClient.make(AssistantClientApi, { baseUrl }),
  apiTransport
)
