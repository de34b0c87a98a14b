import { SqlClient } from "@effect/sql"
import type { ExecutionSignalId, GroupId, UserId } from "@trading-app/domain"
import { Duration, Effect, Either, Queue } from "effect"
import { AppConfig } from "../AppConfig.js"
import { withKeyLocks } from "../Database/KeyLock.js"
import { ConnectionsRepo } from "../Exchanges/ConnectionsRepo.js"
import type { Tick } from "../Jobs/Ticks.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { checkEntry } from "../Risk/Limits.js"
import { RiskRepo } from "../Risk/RiskRepo.js"
import { SecretBox } from "../Secrets/SecretBox.js"
import { Transactions } from "../Transactions/Transactions.js"
import { advanceGroup, advanceLeased, withIds } from "./Advance.js"
import { classify } from "./Classify.js"
import { EngineRepo, type NewSignal, type SignalBot } from "./EngineRepo.js"
import { addOrder, capitalOf, entryOrders } from "./Plan.js"
import { promote, type RiskDeps, riskTick } from "./RiskTick.js"

/** Signals one process acts on at once as they arrive. */
const ACTING_AT_ONCE = 4

/** How often each open group is advanced by the tick. */
const GROUP_STEP_EVERY = Duration.seconds(10)

/** A signal not acted on this long after it came (its process died) is taken by the sweep. */
const STALE_SECONDS = 2

/** "BINANCE:BTCUSDT", "BTC/USDT", "BTC-USD" → letters and digits, the exchange prefix dropped. */
const bare = (ticker: string) =>
  ticker
    .replace(/^[^:]*:/, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")

const tickerFits = (ticker: string, bot: SignalBot) =>
  [bot.symbol, bot.exchangeSymbol].some((s) => s !== null && bare(s) === bare(ticker))

/**
 * The execution engine: signals come in (TradingView alerts, watched strategies), are stored
 * once per dedupe key and acted on at once: read against the bot's open group (Classify.ts),
 * they open a group, add an entry or close it, one signal of a user at a time (under the user's
 * lock). Each group is then advanced (Advance.ts) right away and by a tick on every replica.
 */
export class Engine extends Effect.Service<Engine>()("Engine", {
  scoped: Effect.gen(function* () {
    const repo = yield* EngineRepo
    const sql = yield* SqlClient.SqlClient
    const market = yield* MarketDataRepo
    const transactions = yield* Transactions
    const audit = yield* AuditLog
    const risk = yield* RiskRepo
    const connections = yield* ConnectionsRepo
    const box = yield* SecretBox
    const config = yield* AppConfig
    const provide = <A, E>(
      effect: Effect.Effect<
        A,
        E,
        | EngineRepo
        | MarketDataRepo
        | Transactions
        | SqlClient.SqlClient
        | ConnectionsRepo
        | SecretBox
        | AppConfig
      >
    ) =>
      effect.pipe(
        Effect.provideService(EngineRepo, repo),
        Effect.provideService(MarketDataRepo, market),
        Effect.provideService(Transactions, transactions),
        Effect.provideService(SqlClient.SqlClient, sql),
        Effect.provideService(ConnectionsRepo, connections),
        Effect.provideService(SecretBox, box),
        Effect.provideService(AppConfig, config)
      )

    /** Acts on a signal unless it was acted on already; answers the group it touched. */
    const decide = (userId: UserId, id: ExecutionSignalId) =>
      Effect.gen(function* () {
        const signal = yield* repo.claimSignal(id)
        if (signal === undefined) return undefined
        const invalid = (reason: string) =>
          Effect.as(
            repo.markSignal(id, { state: "invalid", kind: null, reason, groupId: null }),
            undefined
          )
        const bot = signal.botId === null ? undefined : yield* repo.botOf(userId, signal.botId)
        if (bot === undefined) return yield* invalid("No such bot")
        if (!bot.enabled) return yield* invalid("The bot is paused")
        if (!tickerFits(signal.symbol, bot))
          return yield* invalid(
            `The alert's ticker ${signal.symbol} is not the bot's market (${[bot.symbol, bot.exchangeSymbol].filter(Boolean).join(" or ")})`
          )
        // A newer signal for the symbol replaces the entries of it waiting in the queue.
        yield* risk.replaceQueued(userId, bot.symbol, id)
        const open = yield* repo.openGroupOf(bot.id)
        const decision = classify(
          {
            action: signal.action,
            marketPosition: signal.marketPosition ?? undefined,
            prevMarketPosition: signal.prevMarketPosition ?? undefined
          },
          open === undefined
            ? null
            : { entries: open.entries, maxEntries: open.settings.maxEntries }
        )
        if ("invalid" in decision) return yield* invalid(decision.invalid)
        // A kill switch stops entries; exits still close what is held.
        const halted = decision.open || decision.add ? yield* repo.haltOf(userId) : undefined
        if (halted !== undefined) return yield* invalid(halted)
        const [latest] = yield* market.latestPrices([bot.symbol])
        const price = latest?.price ?? signal.price
        let groupId = open?.id
        if (decision.open || decision.add) {
          if (price === null || price === undefined)
            return yield* invalid(`No price of ${bot.symbol} to size the orders with`)
          // A new group's grid, or one more base order as the open group's next leg.
          const planned =
            open === undefined
              ? entryOrders(bot.settings, price)
              : Either.right([
                  addOrder(
                    bot.settings,
                    price,
                    Math.max(0, ...(yield* repo.stepOrders(open.id)).map((o) => o.leg)) + 1
                  )
                ])
          if (Either.isLeft(planned)) return yield* invalid(planned.left.message)
          const limits = yield* risk.limits(userId)
          const verdict = checkEntry(limits, yield* risk.book(userId), {
            symbol: bot.symbol,
            capital: capitalOf(planned.right),
            opensGroup: decision.open
          })
          if (verdict._tag === "Refused") return yield* invalid(verdict.reason)
          if (verdict._tag === "Queued")
            return yield* Effect.as(
              risk.queue(id, decision.kind, verdict.reason, limits.queueMinutes),
              undefined
            )
          if (open === undefined) groupId = yield* repo.openGroup(userId, bot)
          else yield* repo.addEntry(open.id)
          yield* repo.insertOrders(groupId as GroupId, userId, planned.right.map(withIds))
        }
        if (decision.close && open !== undefined)
          yield* repo.closeGroup(open.id, `Exit signal (${decision.kind})`)
        yield* repo.markSignal(id, {
          state: "done",
          kind: decision.kind,
          reason: decision.note,
          groupId: groupId ?? null
        })
        yield* audit.record(
          decision.open ? "group_opened" : decision.add ? "group_entry_added" : "group_closing",
          {
            user: userId,
            category: "trading",
            target: `group:${groupId}`,
            details: { signal: id, kind: decision.kind, botId: bot.id, price }
          }
        )
        return groupId
      }).pipe(withKeyLocks(sql, [`engine:${userId}`]), Effect.orDie)

    /** Acts on a signal, then advances the group it touched (placing its new orders). */
    const process = (userId: UserId, id: ExecutionSignalId) =>
      decide(userId, id).pipe(
        Effect.flatMap((groupId) =>
          groupId === undefined ? Effect.void : provide(advanceGroup(groupId))
        ),
        Effect.withSpan("Engine.process")
      )

    // Signals arriving are acted on by a few fibers of this process, in turn: a burst waits in
    // this queue (ids only) rather than for the database pool, which requests keep most of. One
    // whose process dies before acting on it is swept up (below).
    const arrived = yield* Queue.unbounded<readonly [UserId, ExecutionSignalId]>()
    const actor = Queue.take(arrived).pipe(
      Effect.flatMap(([userId, id]) => process(userId, id)),
      Effect.catchAllCause((cause) => Effect.logWarning("Acting on a signal failed", cause)),
      Effect.forever
    )
    yield* Effect.forkScoped(
      Effect.all(
        Array.from({ length: ACTING_AT_ONCE }, () => actor),
        {
          concurrency: "unbounded",
          discard: true
        }
      )
    )

    /** Stores a signal and has it acted on next; a repeat of one is not acted on again. */
    const receive = (userId: UserId, signal: NewSignal) =>
      Effect.tap(repo.insertSignal(userId, signal), ({ id, duplicate }) =>
        duplicate ? Effect.void : Queue.offer(arrived, [userId, id] as const)
      )

    /** Every 2 s: signals whose process died before acting on them. */
    const signalsTick: Tick<never> = {
      name: "execution-signals",
      every: Duration.seconds(2),
      batch: 20,
      transactional: false,
      claim: (batch) =>
        Effect.flatMap(repo.staleSignals(STALE_SECONDS, batch), (rows) =>
          Effect.as(
            Effect.forEach(rows, (r) => process(r.userId, r.id), { discard: true }),
            rows.length
          )
        )
    }

    const deps: RiskDeps = {
      risk,
      repo,
      market,
      audit,
      advance: (id) => advance(id),
      process: (userId, id) => Effect.orDie(process(userId, id))
    }

    /** A group that ended frees capacity: the owner's queued entries go ahead at once. */
    const freed = (id: GroupId) =>
      Effect.flatMap(repo.group(id), (g) =>
        g !== undefined && (g.state === "closed" || g.state === "failed")
          ? promote(deps, g.userId)
          : Effect.void
      )

    /** Advances a group now (unless another process holds it). */
    const advance = (id: GroupId): Effect.Effect<void> =>
      provide(advanceGroup(id)).pipe(Effect.zipRight(freed(id)), Effect.orDie)

    /**
     * Every 10 s: each open group no process holds is advanced: fills read and recorded,
     * take-profits and the stop-loss decided, closing groups wound up.
     */
    const groupsTick: Tick<never> = {
      name: "execution-groups",
      every: GROUP_STEP_EVERY,
      batch: 20,
      transactional: false,
      claim: (batch) =>
        // A group advanced less than a tick ago (by this tick's last batch, or by a signal)
        // waits: a full batch drains the due groups, not the same ones again.
        Effect.flatMap(
          // A process that does not reach exchanges advances paper groups only.
          repo.leaseOpenGroups(
            batch,
            Duration.toSeconds(GROUP_STEP_EVERY) - 1,
            !config.exchanges.access
          ),
          (ids) =>
            Effect.as(
              // Two at a time: requests keep most of the pool.
              Effect.forEach(
                ids,
                (id: GroupId) => provide(advanceLeased(id)).pipe(Effect.zipRight(freed(id))),
                {
                  concurrency: 2,
                  discard: true
                }
              ),
              ids.length
            )
        )
    }

    return { receive, advance, ticks: [signalsTick, groupsTick, riskTick(deps)] } as const
  }),
  dependencies: [EngineRepo.Default, RiskRepo.Default, ConnectionsRepo.Default, SecretBox.Default]
}) {}
