import { type StandIn, startStandIn } from "@trading-app/librarian-standin"
import { Duration, Option, Redacted } from "effect"
import { afterAll, beforeAll } from "vitest"
import type { AppConfigShape } from "../../src/AppConfig.js"
import { type MailCatcher, startMailCatcher } from "../../src/dev/MailCatcher.js"
import { makeClient, randomClientIp } from "./client.js"
import type { Call } from "./session.js"
import { startTestServer, type TestServer } from "./TestServer.js"

export const API_KEY = "librarian-test-key-0123456789"

/**
 * A real server whose Librarian is a real stand-in on loopback, with fast policies; with
 * `withMail`, its mail goes to a real mail catcher on loopback too.
 */
export const useAssistantServer = (
  overrides: Partial<AppConfigShape["librarian"]> = {},
  chatPerMinute = 50,
  withMail = false
) => {
  const ctx = {} as { server: TestServer; standIn: StandIn; call: Call; mail?: MailCatcher }
  beforeAll(async () => {
    ctx.standIn = await startStandIn({ apiKey: API_KEY })
    if (withMail) ctx.mail = await startMailCatcher()
    ctx.server = await startTestServer({
      chatPerMinute,
      ...(ctx.mail === undefined
        ? {}
        : {
            mail: {
              smtpUrl: Option.some(Redacted.make(ctx.mail.smtpUrl)),
              from: "trading-app <no-reply@localhost>",
              publicUrl: Option.some("https://trading.example.com"),
              catcherUrl: Option.some(ctx.mail.url),
              resetsPerIpPerHour: 10,
              resetsPerAccountPerHour: 3
            }
          }),
      librarian: {
        url: Option.some(ctx.standIn.url),
        standIn: false,
        chatPath: "/v1/chat",
        healthPath: "/health",
        documentsPath: "/v1/documents",
        documentTimeout: Duration.seconds(10),
        apiKeyHeader: "x-api-key",
        apiKey: Option.some(Redacted.make(API_KEY)),
        attemptTimeout: Duration.millis(400),
        deadline: Duration.millis(1500),
        maxRetries: 2,
        backoffBase: Duration.millis(20),
        breakerThreshold: 100,
        breakerCooldown: Duration.seconds(1),
        maxResponseBytes: 64 * 1024,
        ...overrides
      }
    })
    ctx.call = makeClient(ctx.server.baseUrl, randomClientIp())
  })
  afterAll(async () => {
    await ctx.server?.close()
    await ctx.standIn?.close()
    await ctx.mail?.close()
  })
  return ctx
}
