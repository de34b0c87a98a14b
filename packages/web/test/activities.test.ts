import type { Transaction } from "@trading-app/domain"
import { describe, expect, it } from "vitest"
import { amountOf } from "../src/transactions/activities.js"

const entry = (fields: Record<string, string>) => fields as unknown as Transaction

describe("the amount an entry moves", () => {
  it.each([
    // A trade: quantity times price, exactly (no binary rounding).
    [{ type: "buy", quantity: "0.1", price: "0.2" }, "0.02"],
    [{ type: "sell", quantity: "0.3333333333", price: "3.3333333333" }, "1.11111111098888888889"],
    [{ type: "buy", quantity: "12.5", price: "151.25" }, "1890.625"],
    // Cash entries their amount, a transfer its cost basis, a split none.
    [{ type: "dividend", amount: "12.34" }, "12.34"],
    [{ type: "transfer_in", costBasis: "1000" }, "1000"],
    [{ type: "split", sharesBefore: "1", sharesAfter: "2" }, null]
  ])("%o moves %s", (fields, expected) => {
    expect(amountOf(entry(fields))).toBe(expected)
  })
})
