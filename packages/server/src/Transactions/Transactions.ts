import { createHash } from "node:crypto"
import {
  Conflict,
  type CreateTransaction,
  type ListTransactionsParams,
  NotFound,
  type Timestamp,
  type TransactionId,
  type TransactionPage,
  type UpdateTransaction,
  type UserId,
  ValidationError
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { cursorParam, pageOf } from "../Database/KeysetCursor.js"
import { FOREIGN_KEY_VIOLATION, sqlState } from "../Database/SqlErrors.js"
import { MarketDataRepo } from "../MarketData/MarketDataRepo.js"
import { checkInstrument, checkNoOversell } from "./Rules.js"
import { TransactionsRepo } from "./TransactionsRepo.js"

// Tolerance for the caller's clock running a little ahead of ours.
const CLOCK_SKEW_MS = 60_000

const notFound = new NotFound({ message: "Transaction not found" })
const portfolioNotFound = new NotFound({ message: "Portfolio not found" })
const changedMeanwhile = new Conflict({
  message: "The transaction was changed by another request meanwhile; reload it and try again"
})

const checkNotInFuture = (executedAt: Timestamp | undefined) =>
  executedAt !== undefined && Date.parse(executedAt) > Date.now() + CLOCK_SKEW_MS
    ? Effect.fail(ValidationError.field(["executedAt"], "executedAt may not be in the future"))
    : Effect.void

/** A stable hash of a create request, to tell an honest retry from a reused key. */
const fingerprint = (t: CreateTransaction): string =>
  createHash("sha256")
    .update(
      JSON.stringify([
        t.portfolioId,
        t.symbol,
        t.side,
        t.quantity,
        t.price,
        t.fee,
        t.currency,
        t.executedAt,
        t.note ?? null
      ])
    )
    .digest("hex")

/**
 * The ledger's rules on top of the repository: paging, idempotency, dates, known instruments
 * and currencies, not-found, and no sale of more than is held (checked in the same DB
 * transaction as the change, with the portfolio locked).
 */
export class Transactions extends Effect.Service<Transactions>()("Transactions", {
  effect: Effect.gen(function* () {
    const repo = yield* TransactionsRepo
    const market = yield* MarketDataRepo

    const list = (userId: UserId, params: ListTransactionsParams) =>
      Effect.gen(function* () {
        const after = yield* cursorParam(params.cursor)
        const rows = yield* repo.list(userId, { ...params, after })
        return pageOf(rows, params.limit, (t) => ({
          at: t.executedAt,
          id: t.id
        })) satisfies TransactionPage
      })

    const get = (userId: UserId, id: TransactionId) =>
      Effect.flatMap(
        repo.find(userId, id),
        Option.match({ onNone: () => Effect.fail(notFound), onSome: Effect.succeed })
      )

    const create = (
      userId: UserId,
      input: CreateTransaction,
      idempotencyKey: Option.Option<string>
    ) =>
      Effect.gen(function* () {
        yield* checkNotInFuture(input.executedAt)
        yield* checkInstrument(market, input.symbol, input.currency)
        const idempotency = Option.map(idempotencyKey, (key) => ({
          key,
          fingerprint: fingerprint(input)
        }))
        // A purchase cannot make any sale short: one statement, the foreign key checks the
        // portfolio. A sale is checked against the history with the portfolio locked.
        const inserted =
          input.side === "buy"
            ? yield* repo.insert(userId, input, idempotency)
            : yield* repo.transaction(
                Effect.gen(function* () {
                  if ((yield* repo.lockPortfolios(userId, [input.portfolioId])) === 0)
                    return yield* portfolioNotFound
                  const inserted = yield* repo.insert(userId, input, idempotency)
                  if (Option.isSome(inserted))
                    yield* checkNoOversell(repo, userId, input.portfolioId, input.symbol)
                  return inserted
                })
              )
        if (Option.isSome(inserted)) return inserted.value
        // Only an idempotent replay inserts nothing: answer with the row the first request made.
        const key = Option.getOrThrow(idempotency)
        const previous = yield* repo.findByIdempotencyKey(userId, key.key)
        if (Option.isNone(previous))
          return yield* Effect.dieMessage("idempotent insert found no row")
        if (previous.value.fingerprint !== key.fingerprint) {
          return yield* new Conflict({
            message: "This Idempotency-Key was already used for a different transaction",
            field: "Idempotency-Key"
          })
        }
        return previous.value.transaction
      }).pipe(
        Effect.catchTag("SqlError", (e) =>
          sqlState(e) === FOREIGN_KEY_VIOLATION ? Effect.fail(portfolioNotFound) : Effect.die(e)
        ),
        Effect.catchTag("ParseError", Effect.die)
      )

    const update = (userId: UserId, id: TransactionId, patch: UpdateTransaction) =>
      Effect.gen(function* () {
        yield* checkNotInFuture(patch.executedAt)
        const before = yield* get(userId, id)
        if (patch.symbol !== undefined || patch.currency !== undefined) {
          yield* checkInstrument(
            market,
            patch.symbol ?? before.symbol,
            patch.currency ?? before.currency
          )
        }
        const target = patch.portfolioId ?? before.portfolioId
        return yield* repo.transaction(
          Effect.gen(function* () {
            const portfolios = [...new Set([before.portfolioId, target])]
            if ((yield* repo.lockPortfolios(userId, portfolios)) < portfolios.length)
              return yield* portfolioNotFound
            const updated = yield* repo.update(userId, id, before.portfolioId, patch)
            if (Option.isNone(updated)) return yield* changedMeanwhile
            yield* checkNoOversell(repo, userId, before.portfolioId, before.symbol)
            if (target !== before.portfolioId || updated.value.symbol !== before.symbol)
              yield* checkNoOversell(repo, userId, target, updated.value.symbol)
            return updated.value
          })
        )
      }).pipe(
        Effect.catchTag("SqlError", (e) =>
          sqlState(e) === FOREIGN_KEY_VIOLATION ? Effect.fail(portfolioNotFound) : Effect.die(e)
        ),
        Effect.catchTag("ParseError", Effect.die)
      )

    const remove = (userId: UserId, id: TransactionId) =>
      Effect.gen(function* () {
        const before = yield* get(userId, id)
        yield* repo.transaction(
          Effect.gen(function* () {
            yield* repo.lockPortfolios(userId, [before.portfolioId])
            if (!(yield* repo.remove(userId, id, before.portfolioId)))
              return yield* changedMeanwhile
            // Removing a purchase can leave a later sale selling more than was held.
            if (before.side === "buy")
              yield* checkNoOversell(repo, userId, before.portfolioId, before.symbol)
          })
        )
      }).pipe(Effect.catchTag("SqlError", Effect.die))

    return { list, get, create, update, remove } as const
  }),
  dependencies: [TransactionsRepo.Default, MarketDataRepo.Default]
}) {}
