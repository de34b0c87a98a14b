import { describe, expect, it } from "@effect/vitest"
import { Portfolio, Transaction } from "@trading-app/domain"
import { Effect, Either, Schema } from "effect"
import { rowsDecoder } from "../../src/Database/RowDecoder.js"

const TransactionRow = Schema.typeSchema(Transaction)
const row = {
  id: "6f1f0d7e-3f1c-4a43-9b7a-2b0c5d3c1e11",
  portfolioId: "0b9c7a7e-3b8e-4c51-8d9e-6b2d7e4f5a22",
  symbol: "BTC-USD",
  type: "sell",
  quantity: "0.5",
  price: "0",
  fee: "1.25",
  currency: "EUR",
  executedAt: "2026-01-31T14:30:00.123Z",
  note: null,
  createdAt: "2026-02-01T00:00:00.000Z",
  updatedAt: "2026-02-01T00:00:00.000Z"
}

const bad: Array<Record<string, unknown>> = [
  { id: "not-a-uuid" },
  { symbol: "btc-usd" },
  { symbol: "A".repeat(33) },
  { type: "hold" },
  { quantity: "0" },
  { quantity: "" },
  { quantity: 1 },
  { price: "-1" },
  { fee: "1e3" },
  { currency: "XYZ" },
  { executedAt: "2026-01-31T14:30:00Z" },
  { executedAt: new Date() },
  { note: 42 },
  { note: undefined },
  { createdAt: null }
]

const full = Schema.decodeUnknownEither(Schema.Array(TransactionRow))
const fast = rowsDecoder(TransactionRow)
const run = (rows: ReadonlyArray<unknown>) => Effect.runSync(Effect.either(fast(rows)))

describe("rowsDecoder", () => {
  it("returns valid rows as they are, as the full decoder would decode them", () => {
    const rows = [row, { ...row, note: "hello", type: "buy" }]
    const result = run(rows)
    expect(Either.getOrThrow(result)).toBe(rows)
    expect(Either.getOrThrow(full(rows))).toEqual(rows)
  })

  it("agrees with the full decoder on every invalid field", () => {
    for (const change of bad) {
      const rows = [row, { ...row, ...change }]
      const ours = run(rows)
      const theirs = full(rows)
      expect(Either.isLeft(ours), JSON.stringify(change)).toBe(true)
      expect(Either.isLeft(theirs), JSON.stringify(change)).toBe(true)
      if (Either.isLeft(ours) && Either.isLeft(theirs))
        expect(ours.left.message).toBe(theirs.left.message)
    }
  })

  it("drops columns the Schema does not name, like the full decoder", () => {
    const result = Either.getOrThrow(run([{ ...row, passwordHash: "secret" }]))
    expect(result[0]).toEqual(row)
    expect(Object.keys(result[0]!)).not.toContain("passwordHash")
  })

  it("works for the other row Schemas", () => {
    const portfolio = {
      id: row.portfolioId,
      name: "Main",
      baseCurrency: "USD",
      costBasisMethod: "fifo",
      benchmark: "SPY",
      createdAt: row.createdAt,
      updatedAt: row.updatedAt
    }
    const decode = rowsDecoder(Schema.typeSchema(Portfolio))
    expect(Either.getOrThrow(Effect.runSync(Effect.either(decode([portfolio]))))).toEqual([
      portfolio
    ])
    expect(
      Either.isLeft(Effect.runSync(Effect.either(decode([{ ...portfolio, baseCurrency: "usd" }]))))
    ).toBe(true)
  })
})
