import type { IncomingMessage } from "node:http"
import { HttpServerRequest } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Effect, Option } from "effect"

/**
 * A body sent in chunks, without Content-Length, read here up to `limit` bytes. The platform's
 * own limit drops the socket when exceeded, so the client would get no answer at all; reading it
 * first lets the server answer 413. Returns the request to serve (with the body in memory), or
 * none when the body is too large.
 */
export const bufferChunkedBody = (request: HttpServerRequest.HttpServerRequest, limit: number) =>
  Effect.gen(function* () {
    const source = NodeHttpServerRequest.toIncomingMessage(request)
    const body = yield* readAtMost(source, limit)
    if (Option.isNone(body)) return Option.none()
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      if (name !== "transfer-encoding") headers.set(name, value)
    }
    const buffered = HttpServerRequest.fromWeb(
      new Request(new URL(request.url, "http://localhost"), {
        method: request.method,
        headers,
        body: body.value
      })
    )
    return Option.some(
      Option.match(request.remoteAddress, {
        onNone: () => buffered,
        onSome: (remoteAddress) => buffered.modify({ remoteAddress })
      })
    )
  })

const readAtMost = (source: IncomingMessage, limit: number) =>
  Effect.async<Option.Option<Buffer>, Error>((resume) => {
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
    const onError = (error: Error) => {
      done()
      resume(Effect.fail(error))
    }
    source.on("data", onData)
    source.on("end", onEnd)
    source.on("error", onError)
  })
