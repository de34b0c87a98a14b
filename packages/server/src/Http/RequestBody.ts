import type { IncomingMessage } from "node:http"
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import {
  DOCUMENT_UPLOAD_PATH,
  IMPORT_UPLOAD_PATH,
  MAX_DOCUMENT_BYTES,
  MAX_IMPORT_BYTES
} from "@trading-app/domain"
import { Effect, Either, Option } from "effect"
import {
  fileTooLarge,
  invalidInput,
  MAX_BODY_BYTES,
  notAFile,
  payloadTooLarge,
  unsupportedMediaType
} from "./ErrorBoundary.js"
import { checkJsonBody, nulInUrl } from "./JsonBody.js"

// Their bodies mean nothing to this API: never read, never refused (Node discards them).
const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"])
const JSON_TYPE = /^application\/json\s*(;|$)/i
const FILE_TYPE = /^application\/octet-stream\s*(;|$)/i

/** The routes whose body is a file, not JSON, and how large it may be. */
const UPLOADS: Readonly<Record<string, number>> = {
  [IMPORT_UPLOAD_PATH]: MAX_IMPORT_BYTES,
  [DOCUMENT_UPLOAD_PATH]: MAX_DOCUMENT_BYTES
}

/** A file upload's size limit, or undefined for a request whose body is JSON. */
const uploadLimit = (request: HttpServerRequest.HttpServerRequest) =>
  request.method === "POST" ? UPLOADS[request.url.split("?", 1)[0] ?? ""] : undefined

/**
 * Every request checked before a handler sees it, so that no endpoint has to: a URL that parses,
 * with no NUL character; a body of at most MAX_BODY_BYTES (also when sent in chunks without Content-Length, where
 * the platform's own limit would drop the socket without an answer); a body only as
 * application/json, parseable, nested at most MAX_JSON_DEPTH deep, with no NUL in any string.
 * A file upload instead takes application/octet-stream up to its route's limit (UPLOADS).
 * Returns the request to serve (with its body read into memory) or the answer that refuses it.
 */
export const admitRequest = (
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<
  Either.Either<HttpServerRequest.HttpServerRequest, HttpServerResponse.HttpServerResponse>
> =>
  Effect.gen(function* () {
    if (!URL.canParse(request.url, "http://localhost")) {
      return Either.left(invalidInput(["path"], "The request target is not a valid URL path"))
    }
    const nul = nulInUrl(request.url)
    if (nul !== undefined) return Either.left(invalidInput(nul.path, nul.message))
    const fileLimit = uploadLimit(request)
    const upload = fileLimit !== undefined
    const limit = fileLimit ?? MAX_BODY_BYTES
    const tooLarge = upload ? fileTooLarge(limit) : payloadTooLarge
    if (Number(request.headers["content-length"] ?? 0) > limit) return Either.left(tooLarge)
    if (BODYLESS.has(request.method) || !hasBody(request)) return Either.right(request)
    const body = yield* readAtMost(NodeHttpServerRequest.toIncomingMessage(request), limit)
    // The rest of the body is never read, so the connection cannot serve another request.
    if (Option.isNone(body)) {
      return Either.left(HttpServerResponse.setHeader(tooLarge, "connection", "close"))
    }
    // Refused once read: closing a socket with unread bytes resets it, and the client may then
    // never see the answer.
    if (upload && !FILE_TYPE.test(request.headers["content-type"] ?? ""))
      return Either.left(notAFile)
    if (body.value.length > 0 && !upload) {
      if (!JSON_TYPE.test(request.headers["content-type"] ?? "")) {
        return Either.left(unsupportedMediaType)
      }
      const problem = checkJsonBody(body.value.toString("utf8"))
      if (problem !== undefined) return Either.left(invalidInput(problem.path, problem.message))
    }
    return Either.right(withBody(request, body.value))
  })

const hasBody = (request: HttpServerRequest.HttpServerRequest) =>
  request.headers["transfer-encoding"] !== undefined ||
  Number(request.headers["content-length"] ?? 0) > 0

/** The same request with its body already in memory. */
const withBody = (request: HttpServerRequest.HttpServerRequest, body: Buffer) => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== "transfer-encoding" && name !== "content-length") headers.set(name, value)
  }
  const buffered = HttpServerRequest.fromWeb(
    new Request(new URL(request.url, "http://localhost"), {
      method: request.method,
      headers,
      body: body.length > 0 ? body : null
    })
  )
  return Option.match(request.remoteAddress, {
    onNone: () => buffered,
    onSome: (remoteAddress) => buffered.modify({ remoteAddress })
  })
}

/** The body, or none when it is longer than `limit`; a client that goes away interrupts. */
const readAtMost = (source: IncomingMessage, limit: number) =>
  Effect.async<Option.Option<Buffer>>((resume) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const done = () => {
      source.off("data", onData)
      source.off("end", onEnd)
      source.off("error", onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        done()
        source.pause()
        resume(Effect.succeed(Option.none()))
      } else chunks.push(chunk)
    }
    const onEnd = () => {
      done()
      resume(Effect.succeed(Option.some(Buffer.concat(chunks))))
    }
    const onError = () => {
      done()
      resume(Effect.interrupt)
    }
    source.on("data", onData)
    source.on("end", onEnd)
    source.on("error", onError)
  })
