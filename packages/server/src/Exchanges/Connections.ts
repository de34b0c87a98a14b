import { randomUUID } from "node:crypto"
import {
  Conflict,
  type ConnectionId,
  type CreateConnection,
  Unprocessable,
  type UpdateConnection,
  type UserId
} from "@trading-app/domain"
import { Duration, Effect, Option } from "effect"
import { AppConfig } from "../AppConfig.js"
import type { Tick } from "../Jobs/Ticks.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { SecretBox } from "../Secrets/SecretBox.js"
import { ccxtClient, checkAccount } from "./Ccxt.js"
import { type ConnectionAccess, ConnectionsRepo } from "./ConnectionsRepo.js"
import type { CheckOutcome, Credentials } from "./ExchangePort.js"
import { checkPaper } from "./Paper.js"

/** What a connection's keys are sealed with: they open only for this user and this connection. */
export const connectionContext = (userId: string, id: string) =>
  `exchange-connection:${userId}:${id}`

/** Checks running at once in one process's periodic tick. */
const CHECK_CONCURRENCY = 4

const keysTogether = (field: "apiKey" | "apiSecret") =>
  Unprocessable.field([field], "Give the API key and its secret together")

const needsKeys = Unprocessable.field(
  ["apiKey"],
  "testnet and live connections need the exchange account's API key and secret"
)

const confirmLive = Unprocessable.field(
  ["confirmLive"],
  "Live mode places real orders with real money: confirm it (confirmLive: true)"
)

/** Exchange connections: adding, changing and checking them; their keys stay sealed at rest. */
export class Connections extends Effect.Service<Connections>()("Connections", {
  effect: Effect.gen(function* () {
    const repo = yield* ConnectionsRepo
    const box = yield* SecretBox
    const audit = yield* AuditLog
    const market = yield* MarketDataRepo
    const { exchanges } = yield* AppConfig

    /** The keys sealed for this connection, if both were given. */
    const sealKeys = (
      userId: UserId,
      id: ConnectionId,
      input: { readonly apiKey?: string | undefined; readonly apiSecret?: string | undefined }
    ) => {
      const { apiKey, apiSecret } = input
      if (apiKey === undefined && apiSecret === undefined) return Effect.succeed(Option.none())
      if (apiKey === undefined) return Effect.fail(keysTogether("apiKey"))
      if (apiSecret === undefined) return Effect.fail(keysTogether("apiSecret"))
      const plain = JSON.stringify({ apiKey, apiSecret } satisfies Credentials)
      return Effect.map(box.seal(plain, connectionContext(userId, id)), (sealed) =>
        Option.some({ sealed, hint: apiKey.slice(-4) })
      )
    }

    /** Checks an account: the feed for paper, the keys at the exchange otherwise. */
    const checkOf = (access: ConnectionAccess): Effect.Effect<CheckOutcome> => {
      if (access.mode === "paper" || access.sealed === null)
        return Effect.provideService(checkPaper, MarketDataRepo, market)
      const mode = access.mode
      return box.open(access.sealed, connectionContext(access.userId, access.id)).pipe(
        Effect.map((plain) => JSON.parse(plain) as Credentials),
        Effect.flatMap((credentials) =>
          checkAccount(ccxtClient(access.exchange, mode, credentials, exchanges))
        ),
        Effect.catchTag("NotAvailable", (e) =>
          Effect.succeed<CheckOutcome>({ ok: false, message: e.message })
        )
      )
    }

    const runCheck = (access: ConnectionAccess, announce: boolean) =>
      Effect.tap(checkOf(access), (outcome) =>
        repo.recordCheck(access, outcome.ok ? "ok" : "failed", outcome.message, announce)
      )

    const create = (userId: UserId, input: CreateConnection) =>
      Effect.gen(function* () {
        const id = randomUUID() as ConnectionId
        const keys = yield* sealKeys(userId, id, input)
        if (input.mode !== "paper" && Option.isNone(keys)) return yield* needsKeys
        if (input.mode === "live" && input.confirmLive !== true) return yield* confirmLive
        const connection = yield* repo.create(userId, {
          id,
          name: input.name,
          exchange: input.exchange,
          mode: input.mode,
          keys
        })
        yield* audit.record("connection_created", {
          user: userId,
          target: `connection:${id}`,
          details: { exchange: input.exchange, mode: input.mode, keyHint: connection.keyHint }
        })
        return connection
      }).pipe(Effect.withSpan("Connections.create"))

    const update = (userId: UserId, id: ConnectionId, input: UpdateConnection) =>
      Effect.gen(function* () {
        const current = yield* repo.access(userId, id)
        const keys = yield* sealKeys(userId, id, input)
        const mode = input.mode ?? current.mode
        if (mode !== "paper" && Option.isNone(keys) && current.sealed === null)
          return yield* needsKeys
        if (input.mode === "live" && current.mode !== "live" && input.confirmLive !== true)
          return yield* confirmLive
        // A group's orders live on the exchange of its connection's mode: that cannot change
        // under them.
        if (mode !== current.mode) {
          const open = yield* repo.openGroups(id)
          if (open > 0)
            return yield* new Conflict({
              message: `${open} open group${open === 1 ? " trades" : "s trade"} on this connection: close ${open === 1 ? "it" : "them"} before switching its mode`
            })
        }
        const connection = yield* repo.update(userId, id, {
          name: input.name,
          mode: input.mode,
          keys
        })
        yield* audit.record("connection_updated", {
          user: userId,
          target: `connection:${id}`,
          details: {
            ...(input.name === undefined ? {} : { name: input.name }),
            ...(mode === current.mode ? {} : { mode: { from: current.mode, to: mode } }),
            ...(Option.isSome(keys) ? { keysReplaced: true, keyHint: connection.keyHint } : {})
          }
        })
        return connection
      }).pipe(Effect.withSpan("Connections.update"))

    const remove = (userId: UserId, id: ConnectionId) =>
      Effect.tap(repo.remove(userId, id), () =>
        audit.record("connection_deleted", { user: userId, target: `connection:${id}` })
      ).pipe(Effect.withSpan("Connections.remove"))

    /** Checks a connection now and answers it as it stands after the check. */
    const check = (userId: UserId, id: ConnectionId) =>
      Effect.flatMap(repo.access(userId, id), (access) => runCheck(access, false)).pipe(
        Effect.zipRight(repo.find(userId, id)),
        Effect.withSpan("Connections.check")
      )

    /** Every 15 s on every replica: connections due (every 5 minutes, or just changed) are checked. */
    const checkTick: Tick<never> = {
      name: "exchange-connections",
      every: Duration.seconds(15),
      batch: 20,
      transactional: false,
      claim: (batch) =>
        // A process that does not reach exchanges checks paper connections only.
        Effect.flatMap(repo.claimDue(batch, !exchanges.access), (due) =>
          Effect.as(
            Effect.forEach(due, (access) => runCheck(access, true), {
              concurrency: CHECK_CONCURRENCY,
              discard: true
            }),
            due.length
          )
        )
    }

    return { list: repo.list, create, update, remove, check, checkTick } as const
  }),
  dependencies: [ConnectionsRepo.Default, MarketDataRepo.Default, SecretBox.Default]
}) {}
