import { describe, expect, it } from "@effect/vitest"
import { TransactionPage } from "@trading-app/domain"
import { Schema } from "effect"

const wire = {
  items: [
    {
      id: "6f1f0d7e-3f1c-4a43-9b7a-2b0c5d3c1e11",
      portfolioId: "0b9c7a7e-3b8e-4c51-8d9e-6b2d7e4f5a22",
      symbol: "BTC-USD",
      type: "sell",
      quantity: "0.0000000001",
      price: "123456789012345678.5",
      fee: "0",
      currency: "EUR",
      executedAt: "2026-01-31T14:30:00.123Z",
      note: null,
      createdAt: "2026-02-01T00:00:00.000Z",
      updatedAt: "2026-02-01T00:00:00.000Z"
    },
    {
      id: "7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
      portfolioId: "0b9c7a7e-3b8e-4c51-8d9e-6b2d7e4f5a22",
      symbol: "BRK.B",
      type: "buy",
      quantity: "12",
      price: "401.25",
      fee: "1.5",
      currency: "USD",
      executedAt: "2025-12-31T23:59:59.999Z",
      note: 'a note with "quotes" and ünïcödé',
      createdAt: "2026-02-01T00:00:00.000Z",
      updatedAt: "2026-02-01T00:00:00.000Z"
    }
  ],
  nextCursor: "MjAyNS0xMi0zMVQyMzo1OTo1OS45OTlafDdhMmIzYzRk",
  total: 2
}

describe("preEncodedJson", () => {
  it("sends for a TransactionPage exactly what the Schema's encoder would", () => {
    const decoded = Schema.decodeUnknownSync(TransactionPage)(wire)
    const viaSchema = Schema.encodeSync(TransactionPage)(decoded)
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(viaSchema))
    expect(JSON.parse(JSON.stringify(decoded))).toEqual(wire)
  })
})
