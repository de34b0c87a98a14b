import { hostname } from "node:os"
import { SqlClient } from "@effect/sql"
import { type LogCategory, LogCategory as LogCategorySchema } from "@trading-app/domain"
import {
  Cause,
  Duration,
  Effect,
  FiberRef,
  HashMap,
  HashSet,
  Layer,
  Logger,
  LogLevel,
  Schedule,
  Schema
} from "effect"
import { FOREIGN_KEY_VIOLATION, sqlState } from "../Database/SqlErrors.js"

/** Log annotations the system log reads rather than keeps among the details. */
export const CATEGORY = "category"
const REQUEST_ID = "requestId"
export const USER_ID = "userId"
/** Set on the system log's own complaints, which must not feed it. */
const SKIP = "systemLogSkip"

const FLUSH_EVERY = Duration.seconds(1)
/** Entries waiting beyond this are dropped (and counted) rather than held in memory. */
const MAX_PENDING = 5_000
const MAX_MESSAGE = 2_000
const MAX_CAUSE = 8_000

type Entry = {
  readonly level: "warning" | "error" | "fatal"
  readonly category: LogCategory
  readonly message: string
  readonly details: string
  readonly request_id: string | null
  readonly user_id: string | null
  readonly replica: string
  readonly created_at: Date
}

const isCategory = Schema.is(LogCategorySchema)

const levelOf = (level: LogLevel.LogLevel): Entry["level"] | undefined =>
  LogLevel.greaterThanEqual(level, LogLevel.Fatal)
    ? "fatal"
    : LogLevel.greaterThanEqual(level, LogLevel.Error)
      ? "error"
      : LogLevel.greaterThanEqual(level, LogLevel.Warning)
        ? "warning"
        : undefined

const text = (message: unknown): string =>
  (Array.isArray(message) ? message : [message])
    .map((part) => (typeof part === "string" ? part : JSON.stringify(part)))
    .join(" ")

/**
 * A log entry as the system log keeps it: the category from the `category` annotation (else
 * `api` inside a request, `system` outside), the request id and user, the other annotations
 * and the cause as details. Undefined below warning level.
 */
export const toEntry = (
  options: Pick<
    Logger.Logger.Options<unknown>,
    "logLevel" | "message" | "cause" | "annotations" | "date"
  >,
  replica: string
): Entry | undefined => {
  const level = levelOf(options.logLevel)
  if (level === undefined || HashMap.has(options.annotations, SKIP)) return undefined
  const annotations = Object.fromEntries(options.annotations)
  const { [CATEGORY]: category, [REQUEST_ID]: requestId, [USER_ID]: userId, ...rest } = annotations
  const details: Record<string, unknown> = { ...rest }
  if (!Cause.isEmpty(options.cause))
    details.cause = Cause.pretty(options.cause, { renderErrorCause: true }).slice(0, MAX_CAUSE)
  return {
    level,
    category: isCategory(category) ? category : requestId === undefined ? "system" : "api",
    message: text(options.message).slice(0, MAX_MESSAGE) || "(no message)",
    details: JSON.stringify(details),
    request_id: typeof requestId === "string" ? requestId.slice(0, 128) : null,
    user_id: typeof userId === "string" ? userId : null,
    replica,
    created_at: options.date
  }
}

/**
 * Every warning and error of this process, kept in `app_data.system_log` for operators as
 * well as printed. Entries are gathered in memory and written in one statement a second (and
 * at shutdown); a database that does not answer costs the entries of that moment, never a
 * request's time.
 */
export const SystemLogLive = Layer.scopedDiscard(
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const replica = hostname().slice(0, 200)
    let pending: Array<Entry> = []
    let dropped = 0

    const logger = Logger.make((options) => {
      const entry = toEntry(options, replica)
      if (entry === undefined) return
      if (pending.length >= MAX_PENDING) dropped++
      else pending.push(entry)
    })
    yield* Effect.locallyScopedWith(FiberRef.currentLoggers, HashSet.add(logger))

    const flush = Effect.suspend(() => {
      const batch = pending
      const lost = dropped
      pending = []
      dropped = 0
      const warnLost =
        lost > 0
          ? Effect.logWarning(`The system log dropped ${lost} entries: too many at once`)
          : Effect.void
      if (batch.length === 0) return warnLost
      const write = (entries: ReadonlyArray<Entry>) =>
        sql`INSERT INTO app_data.system_log ${sql.insert(entries)}`
      return write(batch).pipe(
        // An entry about an account deleted since (its foreign key fails): kept, without the
        // account, rather than losing the whole batch.
        Effect.catchIf(
          (e) => sqlState(e) === FOREIGN_KEY_VIOLATION,
          () =>
            Effect.flatMap(
              sql<{ id: string }>`SELECT id FROM app_data.users
                WHERE id = ANY(${[...new Set(batch.flatMap((e) => (e.user_id ? [e.user_id] : [])))]}::uuid[])`,
              (rows) => {
                const kept = new Set(rows.map((r) => r.id))
                return write(
                  batch.map((e) =>
                    e.user_id && !kept.has(e.user_id) ? { ...e, user_id: null } : e
                  )
                )
              }
            )
        ),
        Effect.catchAllCause((cause) =>
          Effect.logWarning(`Could not write ${batch.length} system log entries`, cause).pipe(
            Effect.annotateLogs(SKIP, true)
          )
        ),
        Effect.zipRight(warnLost)
      )
    })

    yield* flush.pipe(Effect.repeat(Schedule.spaced(FLUSH_EVERY)), Effect.forkScoped)
    yield* Effect.addFinalizer(() => flush)
  })
)
