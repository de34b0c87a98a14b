import { HttpApiClient } from "@effect/platform"
import { StaffApi } from "@trading-app/domain"
import { baseUrl, clientOver } from "./client.js"
import { apiTransport } from "./transport.js"

/** The typed client of the managers' and administrators' operations (the admin area's pages). */
export const staffApi = clientOver(HttpApiClient.make(StaffApi, { baseUrl }), apiTransport)
