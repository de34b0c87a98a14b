import { HttpApiClient, HttpClient } from "@effect/platform"
import { AppApi } from "@trading-app/domain"
import type { AxiosInstance } from "axios"
import { Effect, Exit } from "effect"
import { axiosHttpClient } from "./httpClient.js"
import { problemOf } from "./problem.js"
import { apiTransport, sessionTransport } from "./transport.js"

/** A typed client made by `make`, calling over an axios transport. */
export const clientOver = <A>(
  make: Effect.Effect<A, never, HttpClient.HttpClient>,
  transport: AxiosInstance
): A =>
  Effect.runSync(Effect.provideService(make, HttpClient.HttpClient, axiosHttpClient(transport)))

/** The API's origin: the page's own. */
export const baseUrl = globalThis.location?.origin

/**
 * The typed API client: every path, parameter, body and answer comes from the domain's HttpApi
 * and is encoded and decoded with its Schemas. `api` refreshes the session on 401;
 * `sessionApi` (sign-in, sign-up, refresh, sign-out) never does. Operations the first screens
 * never call have clients of their own, loaded with their pages (`accountClient.ts`,
 * `assistantClient.ts`, `staffClient.ts`, …).
 */
export const api = clientOver(HttpApiClient.make(AppApi, { baseUrl }), apiTransport)
export const sessionApi = clientOver(HttpApiClient.make(AppApi, { baseUrl }), sessionTransport).auth

/** Runs a typed-client call; a failure rejects with an ApiProblem. */
export const call = <A, E>(effect: Effect.Effect<A, E>, signal?: AbortSignal): Promise<A> =>
  Effect.runPromiseExit(effect, signal ? { signal } : undefined).then((exit) => {
    if (Exit.isSuccess(exit)) return exit.value
    throw problemOf(exit.cause)
  })
