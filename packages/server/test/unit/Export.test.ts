import { describe, expect, it } from "@effect/vitest"
import { type Column, csvHeader, csvLines } from "../../src/Logs/Export.js"

const columns: ReadonlyArray<Column<{ a: unknown; b: unknown }>> = [
  ["a", (r) => r.a],
  ["b", (r) => r.b]
]

describe("CSV export", () => {
  it.each([
    ["plain text", "Firefox", "Firefox"],
    ["a comma or quote is quoted", 'say "hi", then', '"say ""hi"", then"'],
    ["a formula is shown as text", "=1+2", "'=1+2"],
    ["a leading plus, minus or at too", "@SUM(A1)", "'@SUM(A1)"],
    ["null is empty", null, ""],
    ["an object is its JSON", { x: 1 }, '"{""x"":1}"']
  ])("%s", (_, value, cell) => {
    expect(csvLines(columns, [{ a: value, b: 1 }])).toBe(`${cell},1\r\n`)
  })

  it("has a header line and one line per row", () => {
    expect(csvHeader(columns)).toBe("a,b\r\n")
    expect(
      csvLines(columns, [
        { a: 1, b: 2 },
        { a: 3, b: 4 }
      ])
    ).toBe("1,2\r\n3,4\r\n")
  })
})
