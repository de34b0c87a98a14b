import { lookup } from "node:dns"
import { request as httpRequest } from "node:http"
import { request as httpsRequest } from "node:https"
import { BlockList, isIP, type LookupFunction } from "node:net"
import type { Signal } from "@trading-app/domain"
import { Duration, Effect, Either } from "effect"

/** Addresses a webhook may not lead to: loopback, private, link-local, shared and reserved ranges. */
const blocked = new BlockList()
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3]
] as const)
  blocked.addSubnet(network, prefix, "ipv4")
for (const [network, prefix] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8]
] as const)
  blocked.addSubnet(network, prefix, "ipv6")

/** Whether an address is one a webhook may not lead to (IPv4-mapped IPv6 is read as IPv4). */
export const isPrivateAddress = (address: string): boolean => {
  const family = isIP(address)
  if (family === 0) return false
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6")
}

class BlockedAddress extends Error {
  readonly code = "EBLOCKED"
}

/**
 * Name resolution that refuses private addresses at the moment of connecting, so a host that
 * resolved to a public address when the webhook was set cannot later lead inside the network.
 */
const guardedLookup =
  (allowPrivate: boolean): LookupFunction =>
  (hostname, options, callback) =>
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0)
      const bad = addresses.find((a) => isPrivateAddress(a.address))
      if (bad !== undefined && !allowPrivate)
        return callback(
          new BlockedAddress(`${hostname} leads to ${bad.address}, a private or local address`),
          "",
          0
        )
      if (options.all) return (callback as (e: null, a: typeof addresses) => void)(null, addresses)
      const first = addresses[0]
      if (first === undefined) return callback(new Error(`${hostname} has no address`), "", 0)
      callback(null, first.address, first.family)
    })

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "")

/**
 * A webhook address checked: https (or http on a development server), no credentials in it,
 * and no literal private address. Its name is resolved when it is set and again on each post.
 */
export const parseWebhookUrl = (
  text: string,
  allowPrivate: boolean
): Either.Either<URL, string> => {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return Either.left("This is not a web address (it should look like https://host/path)")
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:"))
    return Either.left("The address must start with https://")
  if (url.username !== "" || url.password !== "")
    return Either.left("The address must not hold a user name or password")
  if (!allowPrivate && isPrivateAddress(hostOf(url)))
    return Either.left("The address leads to a private or local network address")
  return Either.right(url)
}

/** Resolves the host as a post will, failing with why it cannot be used. */
export const checkHost = (url: URL, allowPrivate: boolean) =>
  Effect.async<void, string>((resume) => {
    guardedLookup(allowPrivate)(hostOf(url), { all: true }, (error) =>
      resume(
        error === null
          ? Effect.void
          : Effect.fail(
              error instanceof BlockedAddress
                ? "The address leads to a private or local network address"
                : `The host ${url.hostname} could not be found`
            )
      )
    )
  })

/** What the receiver answered: its status, or why there was no answer. */
export interface PostOutcome {
  readonly status: number | null
  readonly retryAfterSeconds: number | null
  readonly problem: string | null
  /** No connection was made: the address led to a private or local network address. */
  readonly blocked: boolean
}

const MAX_ANSWER_BYTES = 4096

/** POSTs JSON without following redirects; never fails (the outcome tells). */
export const postJson = (
  url: URL,
  body: unknown,
  timeout: Duration.Duration,
  allowPrivate: boolean
) =>
  Effect.async<PostOutcome>((resume, signal) => {
    const payload = Buffer.from(JSON.stringify(body))
    const send = url.protocol === "https:" ? httpsRequest : httpRequest
    const req = send(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": payload.length,
        "user-agent": "trading-app-signals/1"
      },
      lookup: guardedLookup(allowPrivate),
      signal: AbortSignal.any([signal, AbortSignal.timeout(Duration.toMillis(timeout))])
    })
    req.on("response", (res) => {
      let read = 0
      res.on("data", (chunk: Buffer) => {
        read += chunk.length
        if (read > MAX_ANSWER_BYTES) res.destroy()
      })
      const done = () => {
        const header = Number(res.headers["retry-after"])
        resume(
          Effect.succeed({
            status: res.statusCode ?? null,
            retryAfterSeconds: Number.isFinite(header) ? header : null,
            problem: null,
            blocked: false
          })
        )
      }
      res.on("end", done)
      res.on("close", done)
    })
    req.on("error", (error: Error & { code?: string }) =>
      resume(
        Effect.succeed({
          status: null,
          retryAfterSeconds: null,
          blocked: error instanceof BlockedAddress,
          problem:
            error instanceof BlockedAddress
              ? error.message
              : error.name === "TimeoutError" || error.name === "AbortError"
                ? `No answer within ${Duration.format(timeout)}`
                : `Could not reach the webhook (${error.code ?? error.message})`
        })
      )
    )
    req.end(payload)
  })

/** How a post went: delivered, worth another try (after some seconds), or refused for good. */
export type Verdict =
  | { readonly _tag: "Delivered"; readonly status: number }
  | {
      readonly _tag: "Retry"
      readonly status: number | null
      readonly afterSeconds: number | null
      readonly message: string
    }
  | { readonly _tag: "Refused"; readonly status: number | null; readonly message: string }

export const verdictOf = (outcome: PostOutcome): Verdict => {
  const { status } = outcome
  if (status === null)
    return outcome.blocked
      ? { _tag: "Refused", status, message: outcome.problem ?? "A private or local address" }
      : { _tag: "Retry", status, afterSeconds: null, message: outcome.problem ?? "No answer" }
  if (status >= 200 && status < 300) return { _tag: "Delivered", status }
  if (status === 429 || status >= 500)
    return {
      _tag: "Retry",
      status,
      afterSeconds: outcome.retryAfterSeconds,
      message: `The webhook answered ${status}`
    }
  return {
    _tag: "Refused",
    status,
    message:
      status === 404 || status === 401 || status === 403
        ? `The webhook answered ${status}: it may have been deleted; set it again`
        : `The webhook answered ${status}`
  }
}

/** Tries again after 1, 2, 4, 8 and 16 seconds (or when the receiver asks, up to a minute). */
export const RETRIES = 5

/** Posts until delivered, refused, or `retries` more tries are spent; answers the last verdict. */
export const deliver = (
  url: URL,
  body: unknown,
  timeout: Duration.Duration,
  allowPrivate: boolean,
  retries = RETRIES
) => {
  const attempt = (n: number): Effect.Effect<Verdict> =>
    Effect.flatMap(Effect.map(postJson(url, body, timeout, allowPrivate), verdictOf), (verdict) =>
      verdict._tag !== "Retry" || n >= retries
        ? Effect.succeed(verdict)
        : Effect.zipRight(
            Effect.sleep(Duration.seconds(Math.min(60, verdict.afterSeconds ?? 2 ** n))),
            attempt(n + 1)
          )
    )
  return attempt(0)
}

const COLOURS = { entry: 0x2f9e44, exit: 0xe03131 } as const

const REASONS = {
  rule: "its rule held on the candle's close; the order is for the next open",
  stopLoss: "the stop-loss was reached inside the candle",
  takeProfit: "the take-profit was reached inside the candle",
  trailingStop: "the trailing stop was reached inside the candle"
} as const

/** A signal as a Discord-style message: a line of text and an embed, mentioning no one. */
export const webhookMessage = (signal: Signal) => ({
  username: "trading-app",
  content: `${signal.side === "entry" ? "Entry" : "Exit"} ${signal.symbol} at ${signal.price} (${signal.strategyName} v${signal.version})`,
  allowed_mentions: { parse: [] },
  embeds: [
    {
      title: `${signal.side === "entry" ? "Entry" : "Exit"} signal: ${signal.symbol}`,
      description: `${signal.strategyName} (version ${signal.version}): ${REASONS[signal.reason]}.`,
      color: COLOURS[signal.side],
      fields: [
        { name: "Price", value: signal.price, inline: true },
        { name: "Candle", value: signal.barTime, inline: true }
      ],
      timestamp: signal.createdAt
    }
  ]
})

/** The message of the settings page's test button. */
export const testMessage = () => ({
  username: "trading-app",
  content: "Test message from trading-app: your strategy signals will be posted here.",
  allowed_mentions: { parse: [] }
})
