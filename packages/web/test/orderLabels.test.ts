import type { GroupOrder, TakeProfitMode } from "@trading-app/domain"
import { describe, expect, it } from "vitest"
import { orderLabel } from "../src/groups/labels.js"

describe("a group's orders in words", () => {
  const cases: ReadonlyArray<[GroupOrder["role"], number, TakeProfitMode, string]> = [
    ["base", 0, "aggregate", "Base 0"],
    ["safety", 2, "hybrid", "Safety 2"],
    ["take_profit", 0, "aggregate", "Take-profit"],
    ["take_profit", 0, "leg", "Take-profit, leg 0"],
    ["take_profit", 3, "leg", "Take-profit, leg 3"],
    ["take_profit", 1, "hybrid", "Take-profit, step 1"],
    ["take_profit", 0, "hybrid", "Take-profit, the rest"],
    ["stop_loss", 0, "leg", "Stop-loss"],
    ["exit", 0, "aggregate", "Exit"]
  ]
  it.each(cases)("%s at slot %i in %s mode: %s", (role, leg, mode, label) => {
    expect(orderLabel({ role, leg }, mode)).toBe(label)
  })
})
