import { HttpApiClient } from "@effect/platform"
import { AccountClientApi } from "@trading-app/domain"
import { baseUrl, clientOver } from "./client.js"
import { apiTransport } from "./transport.js"

/** The typed client of the account's data exports (the account page's own, loaded with it). */
export const accountApi = clientOver(
  HttpApiClient.make(AccountClientApi, { baseUrl }),
  apiTransport
)
