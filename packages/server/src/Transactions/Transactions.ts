import { createHash } from "node:crypto"
import {
  activityFields,
  Conflict,
  CreateTransaction,
  type ListTransactionsParams,
  NotFound,
  type PortfolioId,
  type Timestamp,
  type Transaction,
  type TransactionId,
  type TransactionPage,
  type UpdateTransaction,
  type UserId,
  ValidationError
} from "@trading-app/domain"
import { Effect, Option, ParseResult, Schema } from "effect"
import { cursorParam, pageOf } from "../Database/KeysetCursor.js"
import { FOREIGN_KEY_VIOLATION, sqlState } from "../Database/SqlErrors.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { KnownInstruments } from "../MarketData/KnownInstruments.js"
import { LedgerRepo } from "../Valuation/LedgerRepo.js"
import { checkEntry, checkNoOversell, movesUnits } from "./Rules.js"
import { sortKeyFits, TransactionsRepo } from "./TransactionsRepo.js"

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
    .update(JSON.stringify(Schema.encodeSync(CreateTransaction)(t)))
    .digest("hex")

const decodeEntry = Schema.decodeUnknown(CreateTransaction)

/** "A deposit", "An interest", "A transfer in": a type in words, for messages. */
const article = (type: string) => `${/^[aeiou]/.test(type) ? "An" : "A"} ${type.replace("_", " ")}`

/** A decoding failure as the API's 400, one issue per field. */
const invalid = (type: string) => (error: ParseResult.ParseError) => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({
    path: i.path as Array<string | number>,
    message:
      i.message === "is missing" ? `${article(type)} needs ${String(i.path.at(-1))}` : i.message
  }))
  return new ValidationError({ message: issues.map((i) => i.message).join("; "), issues })
}

/**
 * A change laid over a stored entry: the fields of the resulting type are taken from the change,
 * else from the entry; the result is checked as a new entry of that type.
 */
const merge = (before: Transaction, patch: UpdateTransaction) =>
  Effect.gen(function* () {
    const type = patch.type ?? before.type
    const fields = ["portfolioId", ...activityFields(type), "executedAt", "note"]
    const stored = before as unknown as Record<string, unknown>
    const change = patch as Record<string, unknown>
    const stray = Object.keys(change).filter((k) => k !== "type" && !fields.includes(k))
    if (stray.length > 0) {
      return yield* new ValidationError({
        message: `${article(type)} has no ${stray.join(", ")}`,
        issues: stray.map((k) => ({ path: [k], message: `${article(type)} has no ${k}` }))
      })
    }
    const merged: Record<string, unknown> = { type }
    for (const f of fields) {
      const value = f in change ? change[f] : stored[f]
      if (value !== undefined) merged[f] = value
    }
    return yield* Effect.mapError(decodeEntry(merged), invalid(type))
  })

/**
 * The ledger's rules on top of the repository: paging, idempotency, dates, known instruments
 * and currencies, not-found, and no sale of more than is held (checked in the same DB
 * transaction as the change, with the portfolio locked).
 */
export class Transactions extends Effect.Service<Transactions>()("Transactions", {
  effect: Effect.gen(function* () {
    const repo = yield* TransactionsRepo
    const audit = yield* AuditLog
    const ledgers = yield* LedgerRepo
    const market = yield* KnownInstruments

    /** The symbol and currency of an entry checked against the market and its portfolio. */
    const checkAgainstMarket = (userId: UserId, t: CreateTransaction) =>
      checkEntry(
        market,
        t,
        Effect.flatMap(
          repo.portfolioCurrency(userId, t.portfolioId),
          Option.match({ onNone: () => Effect.fail(portfolioNotFound), onSome: Effect.succeed })
        )
      )

    /** Re-checks the history of the entries' symbols that can run short after a change. */
    const checkHistories = (
      userId: UserId,
      portfolioId: PortfolioId,
      entries: ReadonlyArray<Transaction | CreateTransaction>,
      written: { readonly type: string }
    ) =>
      Effect.forEach(
        [
          ...new Set(
            entries.flatMap((e) => (movesUnits(e) && "symbol" in e && e.symbol ? [e.symbol] : []))
          )
        ],
        (symbol) =>
          checkNoOversell(
            ledgers,
            userId,
            portfolioId,
            symbol,
            written.type === "split" ? "sharesAfter" : "quantity"
          ),
        { discard: true }
      )

    const list = (userId: UserId, params: ListTransactionsParams) =>
      Effect.gen(function* () {
        const after = yield* cursorParam(params.cursor, sortKeyFits(params.sort))
        const query = { ...params, after }
        const rows = yield* repo.list(userId, query)
        // Counted once, with the first page; the next pages keep it.
        const total = after === undefined ? yield* repo.count(userId, query) : null
        const page = pageOf(rows, params.limit, ({ item, sortKey }) => ({
          at: item.executedAt,
          id: item.id,
          key: sortKey ?? undefined
        }))
        return {
          items: page.items.map((row) => row.item),
          nextCursor: page.nextCursor,
          total
        } satisfies TransactionPage
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
        yield* checkAgainstMarket(userId, input)
        const idempotency = Option.map(idempotencyKey, (key) => ({
          key,
          fingerprint: fingerprint(input)
        }))
        // An entry that adds units or moves cash cannot leave any sale short: one statement,
        // the foreign key checks the portfolio. Sales, transfers out and splits are checked
        // against the history with the portfolio locked.
        const inserted =
          input.type !== "sell" && input.type !== "transfer_out" && input.type !== "split"
            ? yield* repo.insert(userId, input, idempotency)
            : yield* repo.transaction(
                Effect.gen(function* () {
                  if ((yield* repo.lockPortfolios(userId, [input.portfolioId])) === 0)
                    return yield* portfolioNotFound
                  const inserted = yield* repo.insert(userId, input, idempotency)
                  if (Option.isSome(inserted))
                    yield* checkHistories(userId, input.portfolioId, [input], input)
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
        const first = yield* get(userId, id)
        const target = patch.portfolioId ?? first.portfolioId
        return yield* repo.transaction(
          Effect.gen(function* () {
            const portfolios = [...new Set([first.portfolioId, target])]
            if ((yield* repo.lockPortfolios(userId, portfolios)) < portfolios.length)
              return yield* portfolioNotFound
            // Read again under the lock: the change is laid over what is stored now.
            const before = yield* repo.findForUpdate(userId, id)
            if (Option.isNone(before)) return yield* notFound
            if (before.value.portfolioId !== first.portfolioId) return yield* changedMeanwhile
            const entry = yield* merge(before.value, patch)
            yield* checkAgainstMarket(userId, entry)
            const updated = yield* repo.update(userId, id, first.portfolioId, entry)
            if (Option.isNone(updated)) return yield* changedMeanwhile
            if (entry.portfolioId !== first.portfolioId)
              yield* checkHistories(userId, first.portfolioId, [before.value], entry)
            yield* checkHistories(userId, entry.portfolioId, [before.value, entry], entry)
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
            // Removing a purchase, a transfer in or a split can leave a later sale short.
            if (before.type === "buy" || before.type === "transfer_in" || before.type === "split")
              yield* checkHistories(userId, before.portfolioId, [before], before)
            yield* audit.record("transaction_deleted", {
              user: userId,
              category: "trading",
              target: `transaction:${id}`,
              details: { deleted: before }
            })
          })
        )
      }).pipe(Effect.catchTag("SqlError", Effect.die))

    return { list, get, create, update, remove } as const
  }),
  dependencies: [
    TransactionsRepo.Default,
    LedgerRepo.Default,
    KnownInstruments.Default,
    AuditLog.Default
  ]
}) {}
