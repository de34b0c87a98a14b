import { SqlError } from "@effect/sql/SqlError"
import { describe, expect, it } from "@effect/vitest"
import {
  CreateTransaction,
  type PortfolioId,
  type Transaction,
  type TransactionId,
  timestampOf,
  type UserId
} from "@trading-app/domain"
import { Effect, Exit, Layer, Option, Schema } from "effect"
import { encodeCursor } from "../../src/Transactions/Cursor.js"
import { Transactions } from "../../src/Transactions/Transactions.js"
import { TransactionsRepo } from "../../src/Transactions/TransactionsRepo.js"
import { strictMock } from "../support/mocks.js"

const userId = "00000000-0000-4000-8000-000000000001" as UserId
const portfolioId = "00000000-0000-4000-8000-000000000002" as PortfolioId

const input: CreateTransaction = Schema.decodeUnknownSync(CreateTransaction)({
  portfolioId,
  symbol: "AAPL",
  side: "buy",
  quantity: "1",
  price: "10",
  currency: "USD",
  executedAt: "2026-01-01T00:00:00Z"
})

const row = (n: number): Transaction => ({
  ...input,
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}` as TransactionId,
  executedAt: timestampOf(new Date(Date.UTC(2026, 0, n))),
  note: null,
  createdAt: timestampOf(new Date()),
  updatedAt: timestampOf(new Date())
})

const repo = (impl: Partial<TransactionsRepo>) =>
  Transactions.DefaultWithoutDependencies.pipe(Layer.provide(strictMock(TransactionsRepo, impl)))

describe("Transactions.list", () => {
  it.effect(
    "asks for one row more than the page and hands out a cursor only when there is more",
    () =>
      Effect.gen(function* () {
        const asked: number[] = []
        const layer = repo({
          list: (_u, q) => {
            asked.push(q.limit)
            return Effect.succeed([row(3), row(2), row(1)])
          }
        })
        const page = yield* Effect.provide(
          Effect.flatMap(Transactions, (t) => t.list(userId, { limit: 2 })),
          layer
        )
        expect(asked).toEqual([2])
        expect(page.items.map((t) => t.id)).toEqual([row(3).id, row(2).id])
        expect(page.nextCursor).toBe(encodeCursor({ executedAt: row(2).executedAt, id: row(2).id }))
        const last = yield* Effect.provide(
          Effect.flatMap(Transactions, (t) => t.list(userId, { limit: 5 })),
          layer
        )
        expect(last.nextCursor).toBeNull()
      })
  )

  it.effect("refuses a cursor it did not make, naming the field", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.provide(
        Effect.flatMap(Transactions, (t) =>
          t.list(userId, { limit: 2, cursor: "bm90IGEgY3Vyc29y" })
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
