import { describe, expect, it } from "@effect/vitest"
import type { PackedSeries } from "../../src/MarketData/MarketDataRepo.js"
import { format, parse, parseList } from "../../src/Valuation/Fixed.js"
import { unpackSeries } from "../../src/Valuation/Prices.js"

describe("parseList", () => {
  it.each([
    ["", []],
    ["100", ["100"]],
    ["1.5,100,0.25", ["1.5", "100", "0.25"]],
    ["-12.0001,+3", ["-12.0001", "3"]],
    ["0.0000000001,0.00000000000000000001", ["0.0000000001", "0.00000000000000000001"]],
    // Beyond 15 digits and beyond 20 decimals: parsed exactly as parse does.
    ["123456789012345678.5", ["123456789012345678.5"]],
    ["0.123456789012345678906", ["0.12345678901234567891"]]
  ])("%j", (text, expected) => {
    const values = parseList(text)
    expect(values.map((v) => format(v, 20))).toEqual(expected)
    expect(values).toEqual(text === "" ? [] : text.split(",").map(parse))
  })
})

describe("unpackSeries", () => {
  const row = (
    symbol: string,
    interval: PackedSeries["interval"],
    starts: string,
    closes: string
  ) => ({ symbol, interval, starts, closes }) as PackedSeries
  it("gives candle ends in milliseconds and merges intervals by their ends", () => {
    const h = unpackSeries([
      row("EURUSD", "1d", "0,86400", "1.1,1.2"),
      // Hourly candles of the second day: their ends fall among the daily ones.
      row("EURUSD", "1h", "86400,90000", "1.15,1.16"),
      row("SAP", "1d", "86400", "210")
    ])
    const eur = h.get("EURUSD")!
    expect(eur.ends).toEqual([86_400_000, 90_000_000, 93_600_000, 172_800_000])
    expect(eur.closes.map((c) => format(c, 2))).toEqual(["1.1", "1.15", "1.16", "1.2"])
    expect(h.get("SAP")!.ends).toEqual([172_800_000])
  })
})
