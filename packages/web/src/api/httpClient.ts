import {
  HttpClient,
  HttpClientError,
  type HttpClientRequest,
  HttpClientResponse
} from "@effect/platform"
import type { AxiosInstance } from "axios"
import { Effect } from "effect"

// Statuses whose responses cannot carry a body (the Response constructor refuses one).
const NULL_BODY = new Set([101, 204, 205, 304])

const bodyOf = (request: HttpClientRequest.HttpClientRequest): ArrayBuffer | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return undefined
    case "Uint8Array": {
      // axios sends a view's whole underlying buffer: hand it exactly the bytes of the body.
      const bytes = body.body
      return bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength
      ) as ArrayBuffer
    }
    default:
      // The typed client sends JSON bytes or nothing.
      throw new Error(`Unsupported request body: ${body._tag}`)
  }
}

/** An Effect HttpClient that sends through axios, so the typed client shares its transport. */
export const axiosHttpClient = (transport: AxiosInstance): HttpClient.HttpClient =>
  HttpClient.make((request, url, signal) =>
    Effect.tryPromise({
      try: async () => {
        // The browser sets content-length itself and refuses a script's.
        const { "content-length": _, ...headers }: Record<string, string> = request.headers
        if (request.body._tag !== "Empty" && request.body.contentType)
          headers["content-type"] = request.body.contentType
        const response = await transport.request<string>({
          url: url.toString(),
          method: request.method,
          headers,
          data: bodyOf(request),
          signal
        })
        const responseHeaders = new Headers()
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === "string") responseHeaders.set(name, value)
          else if (Array.isArray(value))
            for (const v of value) responseHeaders.append(name, String(v))
        }
        const text = typeof response.data === "string" ? response.data : ""
        const body = NULL_BODY.has(response.status) || text === "" ? null : text
        return HttpClientResponse.fromWeb(
          request,
          new Response(body, { status: response.status, headers: responseHeaders })
        )
      },
      catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
    })
  )
