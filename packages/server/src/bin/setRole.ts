// `pnpm user:role <e-mail> <role>`: gives a registered user a role (viewer, trader, manager,
// admin). The first administrator comes from here; later ones from the admin area. Connects
// with DATABASE_URL (the app's role may change users), or to the embedded default that
// `pnpm start` runs when it is unset, and leaves an audit entry.
import { NodeRuntime } from "@effect/platform-node"
import { Role } from "@trading-app/domain"
import { Config, Effect, Option, Redacted, Schema } from "effect"
import pg from "pg"
import { configProvider } from "../ConfigProvider.js"
import { runningEmbeddedAppUrl } from "../dev/LocalDatabase.js"
import { LoggerLive } from "../Logging.js"

const usage = "Usage: pnpm user:role <e-mail> <viewer|trader|manager|admin>"

const program = Effect.gen(function* () {
  const [email, wanted] = process.argv.slice(2)
  if (email === undefined || wanted === undefined) return yield* Effect.fail(usage)
  const role = yield* Schema.decodeUnknown(Role)(wanted).pipe(
    Effect.mapError(() => `${wanted} is not a role. ${usage}`)
  )
  const given = yield* Config.option(Config.redacted("DATABASE_URL")).pipe(Effect.mapError(String))
  const url = Option.isSome(given)
    ? given.value
    : yield* runningEmbeddedAppUrl.pipe(
        Effect.mapError((e) => (typeof e === "string" ? e : String(e)))
      )
  const changed = yield* Effect.tryPromise({
    try: async () => {
      const client = new pg.Client({ connectionString: Redacted.value(url) })
      await client.connect()
      try {
        const { rows } = await client.query<{ id: string; before: string }>(
          `WITH before AS (SELECT id, role FROM app_data.users WHERE lower(email) = lower($1)),
                changed AS (UPDATE app_data.users u SET role = $2 FROM before b
                            WHERE u.id = b.id RETURNING u.id, b.role AS before)
           INSERT INTO app_data.audit_log (user_id, action, ip, user_agent, details)
           SELECT id, 'role_changed', NULL, 'pnpm user:role',
                  jsonb_build_object('from', before, 'to', $2::text, 'by', 'command line')
           FROM changed RETURNING user_id AS id, details->>'from' AS before`,
          [email, role]
        )
        return rows[0]
      } finally {
        await client.end()
      }
    },
    catch: (error) => `Could not change the role: ${String(error)}`
  })
  if (changed === undefined) return yield* Effect.fail(`No user has the e-mail ${email}`)
  yield* Effect.logInfo(`${email} was ${changed.before}, is now ${role}`)
}).pipe(
  Effect.tapError((message) => Effect.logError(message)),
  Effect.provide(LoggerLive),
  Effect.withConfigProvider(configProvider())
)

NodeRuntime.runMain(program, { disablePrettyLogger: true })
