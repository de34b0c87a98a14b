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
import { FOREIGN_KEY_VIOLATION, sqlState } from "../Database/SqlErrors.js"
import { decodeCursor, encodeCursor } from "./Cursor.js"
import { TransactionsRepo } from "./TransactionsRepo.js"

// Tolerance for the caller's clock running a little ahead of ours.
const CLOCK_SKEW_MS = 60_000

const notFound = new NotFound({ message: "Transaction not found" })
const portfolioNotFound = new NotFound({ message: "Portfolio not found" })

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

/** The ledger's rules on top of the repository: paging, idempotency, dates, not-found. */
export class Transactions extends Effect.Service<Transactions>()("Transactions", {
  effect: Effect.gen(function* () {
    const repo = yield* TransactionsRepo

    const list = (userId: UserId, params: ListTransactionsParams) =>
      Effect.gen(function* () {
        const after =
          params.cursor === undefined
            ? undefined
            : yield* Option.match(decodeCursor(params.cursor), {
                onNone: () =>
                  Effect.fail(
                    ValidationError.field(
                      ["cursor"],
                      "The cursor is not valid; start again without it"
                    )
                  ),
                onSome: Effect.succeed
              })
        const rows = yield* repo.list(userId, { ...params, after })
        const items = rows.slice(0, params.limit)
        const last = items[items.length - 1]
        const nextCursor =
          rows.length > params.limit && last !== undefined
            ? encodeCursor({ executedAt: last.executedAt, id: last.id })
            : null
        return { items, nextCursor } satisfies TransactionPage
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
        const idempotency = Option.map(idempotencyKey, (key) => ({
          key,
          fingerprint: fingerprint(input)
        }))
        const inserted = yield* repo.insert(userId, input, idempotency)
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
        const updated = yield* repo.update(userId, id, patch)
        return yield* Option.match(updated, {
          onNone: () => Effect.fail(notFound),
          onSome: Effect.succeed
        })
      }).pipe(
        Effect.catchTag("SqlError", (e) =>
          sqlState(e) === FOREIGN_KEY_VIOLATION ? Effect.fail(portfolioNotFound) : Effect.die(e)
        ),
        Effect.catchTag("ParseError", Effect.die)
      )

    const remove = (userId: UserId, id: TransactionId) =>
      Effect.flatMap(repo.remove(userId, id), (deleted) =>
        deleted ? Effect.void : Effect.fail(notFound)
      )

    return { list, get, create, update, remove } as const
  }),
  dependencies: [TransactionsRepo.Default]
}) {}
