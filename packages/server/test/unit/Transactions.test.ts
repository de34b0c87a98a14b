import { SqlError } from "@effect/sql/SqlError"
import { describe, expect, it } from "@effect/vitest"
import {
  CreateTransaction,
  type Instrument,
  type PortfolioId,
  type Transaction,
  type TransactionId,
  timestampOf,
  type UserId
} from "@trading-app/domain"
import { Effect, Exit, Layer, Option, Schema } from "effect"
import { encodeCursor } from "../../src/Database/KeysetCursor.js"
import { AuditLog } from "../../src/Logs/AuditLog.js"
import { KnownInstruments } from "../../src/MarketData/KnownInstruments.js"
import { MarketDataRepo } from "../../src/MarketData/MarketDataRepo.js"
import { Transactions } from "../../src/Transactions/Transactions.js"
import { TransactionsRepo } from "../../src/Transactions/TransactionsRepo.js"
import { LedgerRepo } from "../../src/Valuation/LedgerRepo.js"
import { strictMock } from "../support/mocks.js"

const userId = "00000000-0000-4000-8000-000000000001" as UserId
const portfolioId = "00000000-0000-4000-8000-000000000002" as PortfolioId

const input = Schema.decodeUnknownSync(CreateTransaction)({
  portfolioId,
  type: "buy",
  symbol: "AAPL",
  quantity: "1",
  price: "10",
  currency: "USD",
  executedAt: "2026-01-01T00:00:00Z"
}) as Extract<CreateTransaction, { type: "buy" }>

const row = (n: number): Extract<Transaction, { type: "buy" }> => ({
  ...input,
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}` as TransactionId,
  executedAt: timestampOf(new Date(Date.UTC(2026, 0, n))),
  note: null,
  createdAt: timestampOf(new Date()),
  updatedAt: timestampOf(new Date())
})

const aapl = {
  symbol: "AAPL",
  name: "Apple Inc.",
  assetClass: "equity",
  baseCurrency: null,
  quoteCurrency: "USD",
  active: true
} as unknown as Instrument

/** The market knows AAPL (quoted in USD) and no FX pairs, unless told otherwise. */
const knownMarket: Partial<MarketDataRepo> = {
  instrument: (symbol) => Effect.succeed(symbol === "AAPL" ? Option.some(aapl) : Option.none()),
  fxPairs: Effect.succeed([])
}

/** Writes run "in a transaction" that is the effect itself, with the portfolio found. */
const writable: Partial<TransactionsRepo> = {
  transaction: (effect) => effect,
  lockPortfolios: (_u, ids) => Effect.succeed(new Set(ids).size),
  portfolioCurrency: () => Effect.succeed(Option.some("USD" as never))
}

/** The repositories as a test needs them; `packedLedger` stands for one symbol's stored pack. */
type Repos = Partial<TransactionsRepo> & {
  readonly packedLedger?: (portfolioId: string, symbol: string) => Effect.Effect<string>
}

const repo = ({ packedLedger, ...impl }: Repos, market: Partial<MarketDataRepo> = knownMarket) =>
  Transactions.DefaultWithoutDependencies.pipe(
    Layer.provide(strictMock(TransactionsRepo, { ...writable, ...impl })),
    Layer.provide(
      strictMock(
        LedgerRepo,
        packedLedger === undefined
          ? {}
          : {
              packed: (_u, p, symbols) =>
                Effect.map(packedLedger(p, symbols[0]!), (entries) => [
                  { symbol: symbols[0]!, entries }
                ])
            }
      )
    ),
    Layer.provide(
      KnownInstruments.DefaultWithoutDependencies.pipe(
        Layer.provide(strictMock(MarketDataRepo, market))
      )
    ),
    Layer.provide(strictMock(AuditLog, { record: () => Effect.void }))
  )

describe("Transactions.list", () => {
  it.effect(
    "asks for one row more than the page and hands out a cursor only when there is more",
    () =>
      Effect.gen(function* () {
        const asked: number[] = []
        const layer = repo({
          list: (_u, q) => {
            asked.push(q.limit)
            return Effect.succeed([row(3), row(2), row(1)].map((item) => ({ item, sortKey: null })))
          },
          count: () => Effect.succeed(3)
        })
        const page = yield* Effect.provide(
          Effect.flatMap(Transactions, (t) =>
            t.list(userId, { sort: "date", order: "desc", limit: 2 })
          ),
          layer
        )
        expect(asked).toEqual([2])
        expect(page.items.map((t) => t.id)).toEqual([row(3).id, row(2).id])
        expect(page.nextCursor).toBe(encodeCursor({ at: row(2).executedAt, id: row(2).id }))
        expect(page.total).toBe(3)
        const last = yield* Effect.provide(
          Effect.flatMap(Transactions, (t) =>
            t.list(userId, { sort: "date", order: "desc", limit: 5 })
          ),
          layer
        )
        expect(last.nextCursor).toBeNull()
      })
  )

  it.effect("refuses a cursor it did not make, naming the field", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) =>
          t.list(userId, { sort: "date", order: "desc", limit: 2, cursor: "bm90IGEgY3Vyc29y" })
        ),
        repo({})
      ).pipe(Effect.exit)
      expect(exit).toMatchObject({ _tag: "Failure" })
      const error = Exit.isFailure(exit)
        ? (exit.cause as { error?: { _tag: string; issues: unknown } }).error
        : undefined
      expect(error?._tag).toBe("ValidationError")
      expect(error?.issues).toEqual([{ path: ["cursor"], message: expect.any(String) }])
    })
  )

  it.effect("refuses a cursor of another order, or one whose value the order cannot compare", () =>
    Effect.gen(function* () {
      const at = row(1).executedAt
      const id = row(1).id
      const cases = [
        { sort: "date", cursor: encodeCursor({ at, id, key: "AAPL" }) },
        { sort: "symbol", cursor: encodeCursor({ at, id }) },
        { sort: "amount", cursor: encodeCursor({ at, id, key: "12'; DROP TABLE x" }) },
        { sort: "amount", cursor: encodeCursor({ at, id, key: "1e5" }) }
      ] as const
      for (const { sort, cursor } of cases) {
        const exit = yield* Effect.provide(
          Effect.flatMap(Transactions, (t) =>
            t.list(userId, { sort, order: "desc", limit: 2, cursor })
          ),
          repo({})
        ).pipe(Effect.exit)
        const error = Exit.isFailure(exit)
          ? (exit.cause as { error?: { _tag: string } }).error
          : undefined
        expect(error?._tag, `${sort} ${cursor}`).toBe("ValidationError")
      }
    })
  )
})

describe("Transactions.create", () => {
  it.effect("refuses an execution time in the future without touching the database", () =>
    Effect.gen(function* () {
      const error = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) =>
          t.create(
            userId,
            { ...input, executedAt: timestampOf(new Date(Date.now() + 3_600_000)) },
            Option.none()
          )
        ),
        repo({})
      ).pipe(Effect.flip)
      expect(error._tag).toBe("ValidationError")
    })
  )

  it.effect("answers a replay with the first row, and a reused key with a conflict", () =>
    Effect.gen(function* () {
      let fingerprint = ""
      const layer = repo({
        insert: (_u, _t, idem) => {
          fingerprint = Option.getOrThrow(idem).fingerprint
          return Effect.succeed(Option.none())
        },
        findByIdempotencyKey: () =>
          Effect.succeed(Option.some({ transaction: row(1), fingerprint }))
      })
      const replay = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) => t.create(userId, input, Option.some("key"))),
        layer
      )
      expect(replay.id).toBe(row(1).id)

      const conflictLayer = repo({
        insert: () => Effect.succeed(Option.none()),
        findByIdempotencyKey: () =>
          Effect.succeed(Option.some({ transaction: row(1), fingerprint: "other" }))
      })
      const conflict = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) => t.create(userId, input, Option.some("key"))),
        conflictLayer
      ).pipe(Effect.flip)
      expect(conflict._tag).toBe("Conflict")
    })
  )

  it.effect("turns the ownership foreign key into a 404 for the portfolio", () =>
    Effect.gen(function* () {
      const layer = repo({
        insert: () => Effect.fail(new SqlError({ cause: { code: "23503" }, message: "fk" }))
      })
      const error = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) => t.create(userId, input, Option.none())),
        layer
      ).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "NotFound", message: "Portfolio not found" })
    })
  )
})

describe("Transactions rules", () => {
  const fail = (
    effect: Effect.Effect<unknown, unknown, Transactions>,
    layer: Layer.Layer<Transactions>
  ) =>
    Effect.provide(effect, layer).pipe(Effect.flip) as Effect.Effect<{
      _tag: string
      issues?: ReadonlyArray<{ path: ReadonlyArray<string> }>
      message: string
    }>

  it.effect("refuses an unknown instrument without writing anything", () =>
    Effect.gen(function* () {
      const error = yield* fail(
        Effect.flatMap(Transactions, (t) =>
          t.create(userId, { ...input, symbol: "NOPE" as never }, Option.none())
        ),
        repo({})
      )
      expect(error._tag).toBe("Unprocessable")
      expect(error.issues?.[0]?.path).toEqual(["symbol"])
    })
  )

  it.effect("refuses a currency that is not the quote currency and converts into none", () =>
    Effect.gen(function* () {
      const error = yield* fail(
        Effect.flatMap(Transactions, (t) =>
          t.create(userId, { ...input, currency: "EUR" as never }, Option.none())
        ),
        repo({})
      )
      expect(error._tag).toBe("Unprocessable")
      expect(error.issues?.[0]?.path).toEqual(["currency"])
      expect(error.message).toContain("quoted in USD")
    })
  )

  it.effect("accepts another currency when an FX pair converts it", () =>
    Effect.gen(function* () {
      const eurUsd = { ...aapl, symbol: "EUR-USD", assetClass: "fx", baseCurrency: "EUR" }
      const created = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) =>
          t.create(userId, { ...input, currency: "EUR" as never }, Option.none())
        ),
        repo(
          { insert: () => Effect.succeed(Option.some(row(1))) },
          { ...knownMarket, fxPairs: Effect.succeed([eurUsd as unknown as Instrument]) }
        )
      )
      expect(created.id).toBe(row(1).id)
    })
  )

  it.effect("re-checks the history after a sale and names the oversold date and quantities", () =>
    Effect.gen(function* () {
      const checked: string[] = []
      const time = Date.parse(row(1).executedAt)
      const error = yield* fail(
        Effect.flatMap(Transactions, (t) =>
          t.create(userId, { ...input, type: "sell" }, Option.none())
        ),
        repo({
          insert: () => Effect.succeed(Option.some(row(1))),
          packedLedger: (p, s) => {
            checked.push(`${p}/${s}`)
            return Effect.succeed(
              `buy 0.5000000000 10.0000000000 0.0000000000 USD ${time - 1},sell 1.0000000000 10.0000000000 0.0000000000 USD ${time}`
            )
          }
        })
      )
      expect(checked).toEqual([`${portfolioId}/AAPL`])
      expect(error._tag).toBe("Unprocessable")
      expect(error.issues?.[0]?.path).toEqual(["quantity"])
      expect(error.message).toBe(
        `Selling 1 AAPL on ${row(1).executedAt} would sell more than the 0.5 held then`
      )
    })
  )

  it.effect("checks the history when a purchase or split is deleted, not when a sale is", () =>
    Effect.gen(function* () {
      let checks = 0
      const layer = (stored: Transaction) =>
        repo({
          find: () => Effect.succeed(Option.some(stored)),
          remove: () => Effect.succeed(true),
          packedLedger: () => {
            checks++
            return Effect.succeed("")
          }
        })
      const remove = Effect.flatMap(Transactions, (t) => t.remove(userId, row(1).id))
      yield* Effect.provide(remove, layer({ ...row(1), type: "sell" }))
      expect(checks).toBe(0)
      yield* Effect.provide(remove, layer(row(1)))
      expect(checks).toBe(1)
      const { quantity: _q, price: _p, fee: _f, currency: _c, ...rest } = row(1)
      yield* Effect.provide(
        remove,
        layer({ ...rest, type: "split", sharesBefore: "1", sharesAfter: "2" } as Transaction)
      )
      expect(checks).toBe(2)
    })
  )

  it.effect("refuses cash in a currency the portfolio's base currency cannot be valued in", () =>
    Effect.gen(function* () {
      const deposit = Schema.decodeUnknownSync(CreateTransaction)({
        type: "deposit",
        portfolioId,
        amount: "100",
        currency: "CHF",
        executedAt: "2026-01-01T00:00:00Z"
      })
      const error = yield* fail(
        Effect.flatMap(Transactions, (t) => t.create(userId, deposit, Option.none())),
        repo({})
      )
      expect(error._tag).toBe("Unprocessable")
      expect(error.issues?.[0]?.path).toEqual(["currency"])
      expect(error.message).toBe("No FX rate converts CHF into USD, the portfolio's base currency")
    })
  )
})

describe("Transactions.update", () => {
  const updating = (stored: Transaction) =>
    repo({
      find: () => Effect.succeed(Option.some(stored)),
      findForUpdate: () => Effect.succeed(Option.some(stored)),
      update: (_u, _id, _p, entry) => Effect.succeed(Option.some({ ...stored, ...entry } as never)),
      packedLedger: () => Effect.succeed("")
    })

  it.effect("keeps the fields the new type shares and asks for the ones it lacks", () =>
    Effect.gen(function* () {
      const asSell = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) => t.update(userId, row(1).id, { type: "sell" })),
        updating(row(1))
      )
      expect(asSell).toMatchObject({ type: "sell", symbol: "AAPL", quantity: "1", price: "10" })
      const error = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) => t.update(userId, row(1).id, { type: "dividend" })),
        updating(row(1))
      ).pipe(Effect.flip)
      expect(error).toMatchObject({
        _tag: "ValidationError",
        issues: [{ path: ["amount"], message: "A dividend needs amount" }]
      })
    })
  )

  it.effect("names the fields a type does not have", () =>
    Effect.gen(function* () {
      const error = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) =>
          t.update(userId, row(1).id, {
            type: "deposit",
            amount: "5" as never,
            price: "1" as never
          })
        ),
        updating(row(1))
      ).pipe(Effect.flip)
      expect(error).toMatchObject({
        _tag: "ValidationError",
        issues: [{ path: ["price"], message: "A deposit has no price" }]
      })
    })
  )
})
