import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import type { Signal } from "@trading-app/domain"
import { Duration, Effect, Either } from "effect"
import {
  checkHost,
  deliver,
  isPrivateAddress,
  parseWebhookUrl,
  verdictOf,
  webhookMessage
} from "../../src/Signals/Webhook.js"

describe("webhook addresses", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["::", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:10.0.0.1", true],
    ["162.159.135.232", false],
    ["2606:4700::6810:84e5", false],
    ["discord.com", false]
  ])("%s is private: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected)
  })

  it.each([
    ["https://discord.com/api/webhooks/1/abc", true, null],
    ["http://discord.com/api/webhooks/1/abc", false, "The address must start with https://"],
    ["ftp://example.com/x", false, "The address must start with https://"],
    ["not an address", false, "This is not a web address (it should look like https://host/path)"],
    [
      "https://user:secret@example.com/hook",
      false,
      "The address must not hold a user name or password"
    ],
    [
      "https://127.0.0.1:8080/hook",
      false,
      "The address leads to a private or local network address"
    ],
    ["https://[::1]/hook", false, "The address leads to a private or local network address"]
  ])("%s is refused on a production server: %s", (url, ok, why) => {
    const parsed = parseWebhookUrl(url, false)
    expect(Either.isRight(parsed)).toBe(ok)
    if (Either.isLeft(parsed)) expect(parsed.left).toBe(why)
  })

  it("allows plain http and loopback on a development server", () => {
    expect(Either.isRight(parseWebhookUrl("http://127.0.0.1:9000/hook", true))).toBe(true)
  })
})

describe("the guard on connecting", () => {
  it("refuses a name that resolves to a loopback address", async () => {
    const exit = await Effect.runPromise(
      Effect.either(checkHost(new URL("https://localhost/hook"), false))
    )
    expect(exit).toEqual(Either.left("The address leads to a private or local network address"))
  })

  it("does not post to a receiver on this machine unless allowed, and posts when allowed", async () => {
    let received = 0
    const server = createServer((req, res) => {
      received++
      req.resume()
      res.writeHead(204).end()
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    // By name, so the check happens where the connection is made.
    const url = new URL(`http://localhost:${(server.address() as AddressInfo).port}/hook`)
    try {
      const refused = await Effect.runPromise(deliver(url, {}, Duration.seconds(2), false, 0))
      expect(refused).toMatchObject({ _tag: "Refused" })
      expect(received).toBe(0)
      const delivered = await Effect.runPromise(deliver(url, {}, Duration.seconds(2), true, 0))
      expect(delivered).toEqual({ _tag: "Delivered", status: 204 })
      expect(received).toBe(1)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe("a post's verdict", () => {
  it.each([
    [{ status: 204, retryAfterSeconds: null, problem: null, blocked: false }, "Delivered"],
    [{ status: 200, retryAfterSeconds: null, problem: null, blocked: false }, "Delivered"],
    [{ status: 429, retryAfterSeconds: 3, problem: null, blocked: false }, "Retry"],
    [{ status: 502, retryAfterSeconds: null, problem: null, blocked: false }, "Retry"],
    [
      { status: null, retryAfterSeconds: null, problem: "No answer within 5s", blocked: false },
      "Retry"
    ],
    [{ status: 404, retryAfterSeconds: null, problem: null, blocked: false }, "Refused"],
    [{ status: 301, retryAfterSeconds: null, problem: null, blocked: false }, "Refused"],
    [
      {
        status: null,
        retryAfterSeconds: null,
        problem: "x.test leads to 10.0.0.1, a private or local address",
        blocked: true
      },
      "Refused"
    ]
  ] as const)("%o is %s", (outcome, tag) => {
    expect(verdictOf(outcome)._tag).toBe(tag)
  })

  it("keeps the wait a receiver asks for", () => {
    expect(
      verdictOf({ status: 429, retryAfterSeconds: 3, problem: null, blocked: false })
    ).toMatchObject({
      afterSeconds: 3
    })
  })
})

describe("the webhook message", () => {
  it("says what to do, where, and mentions no one", () => {
    const signal = {
      id: "00000000-0000-4000-8000-000000000001",
      watchId: "00000000-0000-4000-8000-000000000002",
      strategyId: "00000000-0000-4000-8000-000000000003",
      strategyName: "@everyone crossover",
      version: 2,
      symbol: "BTC-USD",
      side: "exit",
      reason: "stopLoss",
      barTime: "2026-12-03T05:00:00.000Z",
      price: "91234.5",
      createdAt: "2026-12-03T06:00:05.120Z",
      webhook: { state: "pending", message: "" }
    } as unknown as Signal
    const message = webhookMessage(signal)
    expect(message.content).toBe("Exit BTC-USD at 91234.5 (@everyone crossover v2)")
    expect(message.allowed_mentions).toEqual({ parse: [] })
    expect(message.embeds[0]).toMatchObject({
      title: "Exit signal: BTC-USD",
      description: "@everyone crossover (version 2): the stop-loss was reached inside the candle.",
      fields: [
        { name: "Price", value: "91234.5", inline: true },
        { name: "Candle", value: "2026-12-03T05:00:00.000Z", inline: true }
      ],
      timestamp: "2026-12-03T06:00:05.120Z"
    })
  })
})
