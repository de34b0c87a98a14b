import { HttpServerRequest } from "@effect/platform"
import { Effect, Option } from "effect"
import { AppConfig } from "../AppConfig.js"

export interface ClientInfo {
  readonly ip: string
  readonly userAgent: string | null
}

/**
 * The caller's address. X-Forwarded-For is believed only when the direct peer is a trusted proxy
 * (nginx), and then the right-most address that is not itself a trusted proxy is the client.
 */
export const clientInfo = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const { trustedProxies } = yield* AppConfig
  const peer = Option.getOrElse(request.remoteAddress, () => "unknown")
  const userAgent = request.headers["user-agent"]?.slice(0, 500) ?? null
  const forwarded = request.headers["x-forwarded-for"]
  if (forwarded === undefined || !trustedProxies.includes(peer)) {
    return { ip: peer, userAgent } satisfies ClientInfo
  }
  const hops = forwarded
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
  const client = hops.reverse().find((hop) => !trustedProxies.includes(hop))
  return { ip: client ?? peer, userAgent } satisfies ClientInfo
})
