import { describe, expect, it } from "@effect/vitest"
import { GridSettings } from "@trading-app/domain"
import { Either, Schema } from "effect"
import { gridPreview } from "../../src/Execution/Grid.js"

const settings = (s: Partial<typeof GridSettings.Encoded>) =>
  Schema.decodeSync(GridSettings)({
    direction: "long",
    baseOrder: "100",
    safetyOrder: "50",
    maxSafetyOrders: 3,
    deviationPercent: "1",
    stepScale: "2",
    volumeScale: "2",
    takeProfitPercent: "1",
    ...s
  })

type Row = readonly [
  order: number,
  deviation: string,
  price: string,
  amount: string,
  quantity: string,
  totalAmount: string,
  totalQuantity: string,
  average: string,
  takeProfit: string
]
const rows = (price: string, s: GridSettings) => {
  const preview = Either.getOrThrow(gridPreview(price, s))
  return {
    capital: preview.capital,
    maxDeviationPercent: preview.maxDeviationPercent,
    levels: preview.levels.map(
      (l): Row => [
        l.order,
        l.deviationPercent,
        l.price,
        l.amount,
        l.quantity,
        l.totalAmount,
        l.totalQuantity,
        l.averagePrice,
        l.takeProfitPrice
      ]
    )
  }
}

describe("a DCA grid", () => {
  it("steps and scales its safety orders, long", () => {
    // d = 1, s = 2: deviations 1, 1 + 2 = 3, 1 + 2 + 4 = 7 (= d·(s³−1)/(s−1)); from 100 the
    // prices are 99, 97, 93. v = 2: amounts 50, 100, 200, so 100 + 350 = 450 in all.
    // 50 / 99 = 0.50505050505… rounded down to 0.505050505; the average after it is
    // 150 / 1.505050505 = 99.6644295335, and its take-profit 1% above, 100.6610738288.
    expect(rows("100", settings({}))).toEqual({
      capital: "450",
      maxDeviationPercent: "7",
      levels: [
        [0, "0", "100", "100", "1", "100", "1", "100", "101"],
        [
          1,
          "1",
          "99",
          "50",
          "0.505050505",
          "150",
          "1.505050505",
          "99.6644295335",
          "100.6610738288"
        ],
        [2, "3", "97", "100", "1.030927835", "250", "2.53597834", "98.5812836241", "99.5670964603"],
        [
          3,
          "7",
          "93",
          "200",
          "2.1505376344",
          "450",
          "4.6865159744",
          "96.0201570758",
          "96.9803586466"
        ]
      ]
    })
  })

  it("spaces them evenly with scales of 1, short, its take-profit below the average", () => {
    // d = 2.5, s = 1: 2.5% and 5% above 200 are 205 and 210; 10 each, 30 in all.
    expect(
      rows(
        "200",
        settings({
          direction: "short",
          baseOrder: "10",
          safetyOrder: "10",
          maxSafetyOrders: 2,
          deviationPercent: "2.5",
          stepScale: "1",
          volumeScale: "1",
          takeProfitPercent: "2"
        })
      )
    ).toEqual({
      capital: "30",
      maxDeviationPercent: "5",
      levels: [
        [0, "0", "200", "10", "0.05", "10", "0.05", "200", "196"],
        [
          1,
          "2.5",
          "205",
          "10",
          "0.0487804878",
          "20",
          "0.0987804878",
          "202.4691358125",
          "198.4197530962"
        ],
        [
          2,
          "5",
          "210",
          "10",
          "0.0476190476",
          "30",
          "0.1463995354",
          "204.9186830958",
          "200.8203094339"
        ]
      ]
    })
  })

  it("is the base order alone without safety orders", () => {
    expect(rows("100", settings({ maxSafetyOrders: 0 }))).toMatchObject({
      capital: "100",
      maxDeviationPercent: "0",
      levels: [[0, "0", "100", "100", "1", "100", "1", "100", "101"]]
    })
  })

  it.each([
    // 10, 30, 70, then 150: the fourth would be below zero.
    [
      settings({ deviationPercent: "10", maxSafetyOrders: 4 }),
      ["settings", "maxSafetyOrders"],
      "Safety order 4 would be 150% below the entry"
    ],
    [
      settings({ direction: "short", takeProfitPercent: "100" }),
      ["settings", "takeProfitPercent"],
      "A short grid's take-profit must be less than 100%"
    ]
  ])("refuses what cannot be placed (%#)", (s, path, message) => {
    const problem = Either.flip(gridPreview("100", s))
    expect(Either.getOrThrow(problem).path).toEqual(path)
    expect(Either.getOrThrow(problem).message).toContain(message)
  })

  it("names a setting out of its range", () => {
    const decoded = Schema.decodeUnknownEither(GridSettings)({
      direction: "long",
      baseOrder: "100",
      safetyOrder: "50",
      maxSafetyOrders: 51,
      deviationPercent: "60",
      stepScale: "2",
      volumeScale: "0",
      takeProfitPercent: "1"
    })
    expect(Either.isLeft(decoded)).toBe(true)
    const text = String(Either.flip(decoded).pipe(Either.getOrThrow))
    expect(text).toContain("maxSafetyOrders must be a whole number from 0 to 50")
    expect(text).toContain("deviationPercent must be greater than 0 and at most 50")
  })
})
