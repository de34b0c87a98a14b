import { Config, Effect, Option } from "effect"
import { startMailCatcher } from "./MailCatcher.js"

/**
 * Without SMTP_URL, `pnpm start` runs the mail catcher on loopback and points the app at it:
 * password reset mails arrive on its page (the "forgot password" page says where), and links
 * in them lead to this server (PUBLIC_URL, unless set). With SMTP_URL set, nothing is started.
 */
export const mailCatcherStandIn = Effect.gen(function* () {
  const configured = yield* Config.option(Config.string("SMTP_URL"))
  if (Option.isSome(configured)) return []
  const catcher = yield* Effect.acquireRelease(
    Effect.promise(() => startMailCatcher()),
    (c) => Effect.promise(() => c.close())
  )
  const port = yield* Config.integer("PORT").pipe(Config.withDefault(8000))
  const publicUrl = yield* Config.string("PUBLIC_URL").pipe(
    Config.withDefault(`http://localhost:${port}`)
  )
  yield* Effect.logInfo(`No SMTP_URL: mail the app sends can be read at ${catcher.url}`)
  return [
    ["SMTP_URL", catcher.smtpUrl],
    ["MAIL_CATCHER_URL", catcher.url],
    ["PUBLIC_URL", publicUrl]
  ] as const
})
