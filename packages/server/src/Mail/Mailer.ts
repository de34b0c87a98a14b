import { type Cause, Duration, Effect, Option, Redacted, Schedule } from "effect"
import nodemailer from "nodemailer"
import { AppConfig } from "../AppConfig.js"

export interface Mail {
  readonly to: string
  readonly subject: string
  readonly text: string
}

// Each attempt's limits: connecting, the server's greeting, any one SMTP command.
const CONNECTION_TIMEOUT_MS = 10_000
const SEND_DEADLINE = Duration.seconds(30)

const isLoopback = (host: string) =>
  host === "localhost" || host === "::1" || host === "[::1]" || host.startsWith("127.")

/**
 * Mail through the SMTP server of SMTP_URL (nodemailer): smtps:// is TLS from the start;
 * smtp:// must upgrade with STARTTLS, except to a loopback address (the development mail
 * catcher). Each send has timeouts, two retries with backoff, and a deadline. Without SMTP_URL
 * `available` is false and nothing is sent.
 */
export class Mailer extends Effect.Service<Mailer>()("Mailer", {
  effect: Effect.gen(function* () {
    const { mail } = yield* AppConfig
    const transport = Option.map(mail.smtpUrl, (url) => {
      const u = new URL(Redacted.value(url))
      const secure = u.protocol === "smtps:"
      return nodemailer.createTransport({
        host: u.hostname,
        port: Number(u.port) || (secure ? 465 : 587),
        secure,
        requireTLS: !secure && !isLoopback(u.hostname),
        ...(u.username
          ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
          : {}),
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        greetingTimeout: CONNECTION_TIMEOUT_MS,
        socketTimeout: CONNECTION_TIMEOUT_MS
      })
    })
    const send = (
      message: Mail
    ): Effect.Effect<void, Cause.UnknownException | Cause.TimeoutException> => {
      if (Option.isNone(transport)) return Effect.dieMessage("No SMTP_URL: mail is not available")
      const t = transport.value
      return Effect.tryPromise(() =>
        t.sendMail({
          from: mail.from,
          to: message.to,
          subject: message.subject,
          text: message.text
        })
      ).pipe(
        Effect.retry(
          Schedule.exponential("500 millis").pipe(Schedule.intersect(Schedule.recurs(2)))
        ),
        Effect.timeout(SEND_DEADLINE),
        Effect.asVoid,
        Effect.withSpan("Mailer.send")
      )
    }
    return { available: Option.isSome(transport), send } as const
  })
}) {}
