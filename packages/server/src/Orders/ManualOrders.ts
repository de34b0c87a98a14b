import { randomUUID } from "node:crypto"
import { SqlClient } from "@effect/sql"
import type { ManualOrderId, PlaceManualOrder, UserId } from "@trading-app/domain"
import { Unprocessable } from "@trading-app/domain"
import { Duration, Effect } from "effect"
import type { OrderReport } from "../Exchanges/ExchangePort.js"
import { recordFill, unrecorded } from "../Exchanges/Fills.js"
import { paperAccount } from "../Exchanges/PaperExchange.js"
import type { Tick } from "../Jobs/Ticks.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { Transactions } from "../Transactions/Transactions.js"
import { OrdersRepo, type WorkingOrder } from "./OrdersRepo.js"

/** How often working manual orders are read from the paper exchange. */
const STEP_EVERY = Duration.seconds(10)

/**
 * Orders placed by hand on paper connections: placed at once on the paper exchange, read every
 * 10 s by a tick on every replica (each order under a lease) until they fill or are cancelled,
 * each new fill recorded in the portfolio once (see Exchanges/Fills.ts).
 */
export class ManualOrders extends Effect.Service<ManualOrders>()("ManualOrders", {
  effect: Effect.gen(function* () {
    const repo = yield* OrdersRepo
    const market = yield* MarketDataRepo
    const transactions = yield* Transactions
    const sql = yield* SqlClient.SqlClient
    const audit = yield* AuditLog

    /** Places, cancels or reads the order at the paper exchange, then records new fills. */
    const work = (o: WorkingOrder) =>
      Effect.gen(function* () {
        const account = yield* paperAccount(o.connectionId)
        const request = {
          clientOrderId: o.clientOrderId,
          symbol: o.symbol,
          exchangeSymbol: null,
          side: o.side,
          type: o.type,
          price: o.price,
          quantity: o.quantity
        }
        const call = o.cancelRequested
          ? account.cancel(request)
          : o.status === "new"
            ? account.place(request)
            : account.fetch(request)
        // An order asked to be cancelled before it was ever placed: nothing to cancel.
        const answer = yield* call
        const report: OrderReport =
          o.cancelRequested && answer.status === "rejected"
            ? { ...answer, status: "cancelled" }
            : answer
        // The order's new state and its fill in the portfolio commit together: a page that sees
        // the order filled sees the fill in the holdings.
        const filled = { ...o, ...report }
        yield* sql
          .withTransaction(
            Effect.gen(function* () {
              yield* repo.applyReport(o.id, report)
              if (!unrecorded(filled)) return
              const note = `Manual ${o.type} ${o.side} (order ${o.id.slice(0, 8)})`
              if (yield* recordFill(o, filled, note)) yield* repo.setRecorded(filled)
            })
          )
          .pipe(Effect.orDie)
      }).pipe(
        Effect.provideService(MarketDataRepo, market),
        Effect.provideService(Transactions, transactions),
        Effect.provideService(SqlClient.SqlClient, sql)
      )

    /** One step of an order, unless another process holds it. */
    const step = (id: ManualOrderId) =>
      Effect.flatMap(repo.lease(id), (o) =>
        o === undefined ? Effect.void : Effect.ensuring(work(o), repo.release(id))
      ).pipe(Effect.orDie, Effect.withSpan("ManualOrders.step"))

    const place = (userId: UserId, input: PlaceManualOrder) =>
      Effect.gen(function* () {
        const instrument = yield* market.instrument(input.symbol)
        if (instrument._tag === "None")
          return yield* Unprocessable.field(["symbol"], `No instrument ${input.symbol}`)
        const id = yield* repo.create(userId, input, `m${randomUUID().replaceAll("-", "")}`)
        yield* audit.record("manual_order_placed", {
          user: userId,
          category: "trading",
          target: `order:${id}`,
          details: { ...input }
        })
        yield* step(id)
        return yield* repo.find(userId, id)
      }).pipe(Effect.withSpan("ManualOrders.place"))

    const cancel = (userId: UserId, id: ManualOrderId) =>
      Effect.gen(function* () {
        const current = yield* repo.find(userId, id)
        if (yield* repo.requestCancel(userId, id)) {
          yield* audit.record("manual_order_cancelled", {
            user: userId,
            category: "trading",
            target: `order:${id}`,
            details: { symbol: current.symbol, filledQuantity: current.filledQuantity }
          })
          yield* step(id)
        }
        return yield* repo.find(userId, id)
      }).pipe(Effect.withSpan("ManualOrders.cancel"))

    /** Every 10 s on every replica: working orders not read since, each under its lease. */
    const tick: Tick<never> = {
      name: "manual-orders",
      every: STEP_EVERY,
      batch: 50,
      transactional: false,
      claim: (batch) =>
        Effect.flatMap(repo.due(batch, Duration.toSeconds(STEP_EVERY) - 1), (ids) =>
          Effect.as(Effect.forEach(ids, step, { discard: true }), ids.length)
        )
    }

    return { page: repo.page, place, cancel, tick } as const
  }),
  dependencies: [OrdersRepo.Default]
}) {}
