import { HttpServerError, HttpServerRequest, type HttpServerResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Logger } from "effect"
import { errorResponse } from "../../src/Http/ErrorBoundary.js"

const request = HttpServerRequest.fromWeb(
  new Request("http://localhost/api/thing?x=1", { method: "POST" })
)

const bodyOf = (response: HttpServerResponse.HttpServerResponse) =>
  JSON.parse(new TextDecoder().decode((response.body as { body: Uint8Array }).body))

describe("errorResponse", () => {
  it.effect(
    "answers an unexpected defect with 500, the request id, no details, and logs the cause",
    () =>
      Effect.gen(function* () {
        const logged: unknown[] = []
        const logger = Logger.make(({ message, cause }) =>
          logged.push({ message, cause: Cause.pretty(cause) })
        )
        const response = yield* errorResponse(
          Cause.die(new Error("connection refused at db:5432")),
          "req-1"
        ).pipe(
          Effect.provideService(HttpServerRequest.HttpServerRequest, request),
          Effect.provide(Logger.replace(Logger.defaultLogger, logger))
        )
        expect(response.status).toBe(500)
        const body = bodyOf(response)
        expect(body).toEqual({
          _tag: "InternalServerError",
          message: expect.any(String),
          requestId: "req-1"
        })
        expect(JSON.stringify(body)).not.toContain("5432")
        expect(JSON.stringify(logged)).toContain("connection refused")
      })
  )

  it.effect("answers an unknown route with 404 naming the path", () =>
    Effect.gen(function* () {
      const response = yield* errorResponse(
        Cause.fail(new HttpServerError.RouteNotFound({ request })),
        "r"
      ).pipe(Effect.provideService(HttpServerRequest.HttpServerRequest, request))
      expect(response.status).toBe(404)
      expect(bodyOf(response)).toEqual({
        _tag: "NotFound",
        message: "There is no endpoint POST /api/thing"
      })
    })
  )
})
