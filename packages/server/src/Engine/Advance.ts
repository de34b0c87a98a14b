import { randomUUID } from "node:crypto"
import { SqlClient } from "@effect/sql"
import {
  decimalString,
  type GroupId,
  type GroupState,
  type OrderId,
  toBigDecimal
} from "@trading-app/domain"
import { BigDecimal, Effect } from "effect"
import { AppConfig } from "../AppConfig.js"
import { accountOf } from "../Exchanges/Accounts.js"
import type { ExchangeAccount, OrderReport, OrderRequest } from "../Exchanges/ExchangePort.js"
import { type FillState, recordFill, unrecorded } from "../Exchanges/Fills.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { EngineRepo, type GroupRow, type StepOrder } from "./EngineRepo.js"
import type { PlannedOrder } from "./Plan.js"
import { takeProfitTargets } from "./TakeProfit.js"

const ZERO = BigDecimal.fromBigInt(0n)
const HUNDRED = BigDecimal.fromBigInt(100n)
const d = toBigDecimal
const sum = (xs: ReadonlyArray<BigDecimal.BigDecimal>) => xs.reduce(BigDecimal.sum, ZERO)
const isActive = (o: StepOrder) =>
  o.status === "new" || o.status === "open" || o.status === "partially_filled"

/** A new order row's id and the client order id it is placed with (Binance's limit: 36). */
export const withIds = (order: PlannedOrder) => {
  const id = randomUUID() as OrderId
  return { ...order, id, clientOrderId: `t${id.replaceAll("-", "")}` }
}

/** Passes of one step: a pass that adds orders is followed by one that places them. */
const MAX_PASSES = 4

/**
 * Advances one group, under its lease: places new orders and cancels those asked to be, reads
 * fills from the exchange, records each new fill in the portfolio as an activity, then decides:
 * the state, the take-profit orders it should have (see TakeProfit.ts), the stop-loss, and
 * closing (cancel everything, sell what is held at market). Every exchange call is idempotent by
 * the client order id, so a step cut short by a crash is simply done again.
 */
export const advanceGroup = (id: GroupId) =>
  Effect.gen(function* () {
    const repo = yield* EngineRepo
    if (yield* repo.leaseGroup(id)) yield* advanceLeased(id)
  })

/** Advances a group this process holds the lease of, then lets it go. */
export const advanceLeased = (id: GroupId) =>
  Effect.flatMap(EngineRepo, (repo) => Effect.ensuring(steps(id), repo.releaseGroup(id))).pipe(
    Effect.withSpan("Engine.advanceGroup", { attributes: { groupId: id } })
  )

const steps = (id: GroupId) =>
  Effect.gen(function* () {
    const repo = yield* EngineRepo
    const group = yield* repo.group(id)
    if (group === undefined || group.state === "closed" || group.state === "failed") return
    // A process that does not reach exchanges leaves testnet and live groups to those that do.
    if (group.mode !== "paper" && !(yield* AppConfig).exchanges.access) return
    // A connection's mode cannot change under an open group: the group's mode is its orders'.
    const account = yield* accountOf(group.userId, group.connectionId, group.mode).pipe(
      Effect.tapError((e) =>
        Effect.logWarning(`The group's exchange account cannot be used; tried again next step`, e)
      ),
      Effect.option
    )
    if (account._tag === "None") return
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      yield* exchangeWork(group, account.value)
      const added = yield* decide(group)
      if (!added) return
    }
  })

const requestOf = (group: GroupRow, o: StepOrder): OrderRequest => ({
  clientOrderId: o.clientOrderId,
  symbol: group.symbol,
  exchangeSymbol: group.exchangeSymbol,
  side: o.side,
  type: o.type,
  price: o.price,
  quantity: o.quantity
})

/** Places, cancels and reads every order that needs it, recording each new fill in the portfolio. */
const exchangeWork = (group: GroupRow, account: ExchangeAccount) =>
  Effect.gen(function* () {
    const repo = yield* EngineRepo
    const sql = yield* SqlClient.SqlClient
    for (const o of yield* repo.stepOrders(group.id)) {
      // A fill an earlier step could not record (logged then) is tried again.
      if (!isActive(o)) {
        yield* recordOrderFill(group, o)
        continue
      }
      const request = requestOf(group, o)
      const call = o.cancelRequested
        ? account.cancel(request)
        : o.status === "new"
          ? account.place(request)
          : account.fetch(request)
      const report = yield* call.pipe(
        Effect.map((r): OrderReport | undefined =>
          // An order asked to be cancelled before it was ever placed: nothing to cancel.
          o.cancelRequested && r.status === "rejected" ? { ...r, status: "cancelled" } : r
        ),
        Effect.catchTag("ExchangeFailure", (e) =>
          e.transient
            ? Effect.as(
                Effect.logWarning(`Exchange call failed; retried next step: ${e.message}`),
                undefined
              )
            : Effect.succeed<OrderReport>({
                exchangeOrderId: o.exchangeOrderId ?? "",
                status: o.status === "new" ? "rejected" : o.status,
                filledQuantity: o.filledQuantity,
                filledCost: o.filledCost,
                fee: o.fee,
                message: e.message
              })
        )
      )
      if (report === undefined || unchanged(o, report)) {
        yield* recordOrderFill(group, o)
        continue
      }
      const after = { ...o, ...report }
      // The order's new state and its fill in the portfolio commit together.
      yield* unrecorded(after)
        ? sql
            .withTransaction(
              Effect.zipRight(repo.applyReport(o.id, report), recordOrderFill(group, after))
            )
            .pipe(Effect.orDie)
        : repo.applyReport(o.id, report)
    }
  })

/** Whether the exchange's answer says nothing the stored order does not (most reads of a step). */
const unchanged = (o: StepOrder, r: OrderReport) =>
  o.status === r.status &&
  o.exchangeOrderId === r.exchangeOrderId &&
  o.message === r.message.slice(0, 500) &&
  BigDecimal.equals(d(o.filledQuantity), d(r.filledQuantity)) &&
  BigDecimal.equals(d(o.filledCost), d(r.filledCost)) &&
  BigDecimal.equals(d(o.fee), d(r.fee))

/** The part of an order's fill not yet in the portfolio becomes an activity there (idempotently). */
const recordOrderFill = (group: GroupRow, o: FillState & Pick<StepOrder, "id" | "role" | "leg">) =>
  Effect.gen(function* () {
    if (!unrecorded(o)) return
    const repo = yield* EngineRepo
    const note = `Bot fill: ${o.role.replace("_", "-")}${o.role === "base" || o.role === "safety" ? ` order ${o.leg}` : ""} (group ${group.id.slice(0, 8)})`
    if (yield* recordFill(group, o, note))
      yield* repo.setRecorded(o.id, o.filledQuantity, o.filledCost, o.fee)
  })

/** Decides the group's next orders and state; answers whether it added orders to place. */
const decide = (group: GroupRow) =>
  Effect.gen(function* () {
    const repo = yield* EngineRepo
    const market = yield* MarketDataRepo
    const current = yield* repo.group(group.id)
    if (current === undefined) return false
    const orders = yield* repo.stepOrders(group.id)
    const buys = orders.filter((o) => o.side === "buy")
    const sells = orders.filter((o) => o.side === "sell")
    const bought = sum(buys.map((o) => d(o.filledQuantity)))
    const sold = sum(sells.map((o) => d(o.filledQuantity)))
    const held = BigDecimal.subtract(bought, sold)
    const active = orders.filter(isActive)
    const insert = (planned: ReadonlyArray<PlannedOrder>) =>
      Effect.as(repo.insertOrders(group.id, group.userId, planned.map(withIds)), true)
    const cancel = (list: ReadonlyArray<StepOrder>) =>
      repo.requestCancel(list.filter((o) => !o.cancelRequested).map((o) => o.id))
    const settle = (state: GroupState, reason: string | null = null) =>
      Effect.as(repo.settle(group.id, state, reason), false)

    if (current.state === "closing") {
      const others = active.filter((o) => o.role !== "exit")
      yield* cancel(others)
      if (others.length > 0 || active.length > 0) return yield* settle("closing")
      if (BigDecimal.isPositive(held)) {
        const [latest] = yield* market.latestPrices([group.symbol])
        const exit: PlannedOrder = {
          role: "exit",
          leg: 0,
          side: "sell",
          type: "market",
          price: latest?.price ?? "0",
          quantity: decimalString(held)
        }
        return yield* Effect.zipRight(settle("closing"), insert([exit]))
      }
      return yield* settle(BigDecimal.isPositive(bought) ? "closed" : "failed", "Closed")
    }

    const entries = buys.filter((o) => o.role === "base")
    if (!BigDecimal.isPositive(bought) && entries.every((o) => !isActive(o))) {
      yield* cancel(active)
      const why = entries.find((o) => o.message !== "")?.message ?? "The entry did not fill"
      return yield* settle(active.length > 0 ? "waiting" : "failed", `Entry failed: ${why}`)
    }
    if (BigDecimal.isPositive(sold) && !BigDecimal.isPositive(held)) {
      yield* cancel(active)
      return yield* settle(active.length > 0 ? "partially_filled" : "closed", "Take-profit filled")
    }
    if (!BigDecimal.isPositive(bought)) return yield* settle("waiting")

    // Stop-loss: the latest price this far below the average entry closes the group.
    const average = BigDecimal.unsafeDivide(sum(buys.map((o) => d(o.filledCost))), bought)
    const stop = current.settings.stopLossPercent
    if (stop !== null) {
      const [latest] = yield* market.latestPrices([group.symbol])
      const floorPrice = BigDecimal.multiply(
        average,
        BigDecimal.subtract(BigDecimal.fromBigInt(1n), BigDecimal.unsafeDivide(d(stop), HUNDRED))
      )
      if (latest !== undefined && BigDecimal.lessThanOrEqualTo(d(latest.price), floorPrice)) {
        yield* repo.closeGroup(
          group.id,
          `Stop-loss: ${latest.price} is ${stop}% or more below the average entry`
        )
        return true
      }
    }

    // Take-profit: the orders the mode wants now; a changed one is cancelled, then replaced.
    const legs = [...new Set(buys.map((o) => o.leg))].flatMap((leg) => {
      const of = buys.filter((o) => o.leg === leg)
      const quantity = sum(of.map((o) => d(o.filledQuantity)))
      return BigDecimal.isPositive(quantity)
        ? [
            {
              leg,
              quantity: decimalString(quantity),
              cost: decimalString(sum(of.map((o) => d(o.filledCost))))
            }
          ]
        : []
    })
    const takeProfits = sells.filter((o) => o.role === "take_profit")
    const targets = takeProfitTargets(
      current.settings,
      legs,
      takeProfits.map((o) => ({ slot: o.leg, quantity: o.filledQuantity }))
    )
    const live = takeProfits.filter((o) => isActive(o) && !o.cancelRequested)
    const matches = (o: StepOrder, t: (typeof targets)[number]) =>
      o.leg === t.slot &&
      o.price !== null &&
      BigDecimal.equals(d(o.price), d(t.price)) &&
      BigDecimal.equals(BigDecimal.subtract(d(o.quantity), d(o.filledQuantity)), d(t.quantity))
    yield* cancel(live.filter((o) => !targets.some((t) => matches(o, t))))
    const busySlots = new Set(takeProfits.filter(isActive).map((o) => o.leg))
    const missing = targets.filter((t) => !busySlots.has(t.slot))
    const state = BigDecimal.isPositive(sold) ? "partially_filled" : "live"
    yield* repo.settle(group.id, state, null)
    return missing.length === 0
      ? false
      : yield* insert(
          missing.map((t) => ({
            role: "take_profit",
            leg: t.slot,
            side: "sell",
            type: "limit",
            price: t.price,
            quantity: t.quantity
          }))
        )
  })
