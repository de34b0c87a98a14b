import { describe, expect, it } from "vitest"
import { useTestServer } from "../support/server.js"
import { signUpAs } from "../support/session.js"

const { call, ownerQuery } = useTestServer()

const settings = {
  direction: "long",
  baseOrder: "100",
  safetyOrder: "50",
  maxSafetyOrders: 3,
  deviationPercent: "1",
  stepScale: "2",
  volumeScale: "2",
  takeProfitPercent: "1"
}

describe("a grid preview", () => {
  it("gives every order, the average and take-profit after each, and the capital", async () => {
    // Any role may plan a grid: nothing is placed.
    const viewer = await signUpAs(call, ownerQuery, "viewer", "planner")
    const preview = await call("POST", "/api/grids/preview", {
      token: viewer.token,
      body: { price: "100", settings }
    })
    expect(preview.status, JSON.stringify(preview.body)).toBe(200)
    expect(preview.body.capital).toBe("450")
    expect(preview.body.maxDeviationPercent).toBe("7")
    expect(preview.body.levels.map((l: { price: string }) => l.price)).toEqual([
      "100",
      "99",
      "97",
      "93"
    ])
    expect(preview.body.levels[3]).toEqual({
      order: 3,
      deviationPercent: "7",
      price: "93",
      amount: "200",
      quantity: "2.1505376344",
      totalAmount: "450",
      totalQuantity: "4.6865159744",
      averagePrice: "96.0201570758",
      takeProfitPrice: "96.9803586466"
    })
  })

  it("names what is wrong, and where", async () => {
    const planner = await signUpAs(call, ownerQuery, "trader", "planner")
    const tooDeep = await call("POST", "/api/grids/preview", {
      token: planner.token,
      body: { price: "100", settings: { ...settings, deviationPercent: "10", maxSafetyOrders: 4 } }
    })
    expect(tooDeep.status).toBe(422)
    expect(tooDeep.body.issues[0]).toMatchObject({ path: ["settings", "maxSafetyOrders"] })
    expect(tooDeep.body.message).toContain("Safety order 4 would be 150% below the entry")

    const bad = await call("POST", "/api/grids/preview", {
      token: planner.token,
      body: { price: 100, settings: { ...settings, volumeScale: "11", extra: true } }
    })
    expect(bad.status).toBe(400)
    const paths = bad.body.issues.map((i: { path: Array<string> }) => i.path.join("."))
    expect(paths).toEqual(
      expect.arrayContaining(["price", "settings.volumeScale", "settings.extra"])
    )

    expect(
      (await call("POST", "/api/grids/preview", { body: { price: "1", settings } })).status
    ).toBe(401)
  })
})
