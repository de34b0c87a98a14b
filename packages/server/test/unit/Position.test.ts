import { describe, expect, it } from "vitest"
import { compare, eventIdOf, positionOf } from "../../src/Events/Position.js"

describe("event positions", () => {
  it.each([
    [{ tx: "0", seq: "0" }, "0000000000000000-0000000000000000"],
    [{ tx: "831", seq: "3" }, "000000000000033f-0000000000000003"],
    // xid8 counts past 2^32 (epochs): still exact.
    [{ tx: "4294967297", seq: "255" }, "0000000100000001-00000000000000ff"],
    [{ tx: "18446744073709551615", seq: "1" }, "ffffffffffffffff-0000000000000001"]
  ])("%o is sent as %s and read back", (position, id) => {
    expect(eventIdOf(position)).toBe(id)
    expect(positionOf(id)).toEqual(position)
  })

  it("orders by transaction, then sequence; ids sort as text the same way", () => {
    const positions = [
      { tx: "10", seq: "900" },
      { tx: "9", seq: "901" },
      { tx: "10", seq: "2" },
      { tx: "4294967297", seq: "1" }
    ]
    const sorted = [...positions].sort(compare)
    expect(sorted).toEqual([
      { tx: "9", seq: "901" },
      { tx: "10", seq: "2" },
      { tx: "10", seq: "900" },
      { tx: "4294967297", seq: "1" }
    ])
    expect(sorted.map(eventIdOf)).toEqual(positions.map(eventIdOf).sort())
    expect(compare({ tx: "7", seq: "7" }, { tx: "7", seq: "7" })).toBe(0)
  })
})
