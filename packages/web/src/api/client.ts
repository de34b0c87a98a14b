import { HttpApiClient, HttpClient } from "@effect/platform"
import { Api } from "@trading-app/domain"
import type { AxiosInstance } from "axios"
import { Effect, Exit } from "effect"
import { axiosHttpClient } from "./httpClient.js"
import { problemOf } from "./problem.js"
import { apiTransport, sessionTransport } from "./transport.js"

const clientOver = (transport: AxiosInstance) =>
  Effect.runSync(
    HttpApiClient.make(Api, { baseUrl: globalThis.location?.origin }).pipe(
      Effect.provideService(HttpClient.HttpClient, axiosHttpClient(transport))
    )
  )

/**
 * The typed API client: every path, parameter, body and answer comes from the domain's HttpApi
 * and is encoded and decoded with its Schemas. `api` refreshes the session on 401;
 * `sessionApi` (sign-in, sign-up, refresh, sign-out) never does.
 */
export const api = clientOver(apiTransport)
export const sessionApi = clientOver(sessionTransport).auth

/** Runs a typed-client call; a failure rejects with an ApiProblem. */
export const call = <A, E>(effect: Effect.Effect<A, E>, signal?: AbortSignal): Promise<A> =>
  Effect.runPromiseExit(effect, signal ? { signal } : undefined).then((exit) => {
    if (Exit.isSuccess(exit)) return exit.value
    throw problemOf(exit.cause)
  })
