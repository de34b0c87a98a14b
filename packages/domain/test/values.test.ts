import { describe, expect, it } from "@effect/vitest"
import {
  Currency,
  canonicalDecimal,
  decimalString,
  Email,
  Fee,
  InstrumentSymbol,
  isCommonPassword,
  ListTransactionsParams,
  Password,
  Price,
  Quantity,
  Timestamp,
  timestampOf,
  toBigDecimal
} from "@trading-app/domain"
import { BigDecimal, Effect, Either, Schema } from "effect"

const decode =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (input: unknown) =>
    Schema.decodeUnknownEither(schema)(input)
const ok = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Either.getOrThrow(decode(schema)(input))
const error = <A, I>(schema: Schema.Schema<A, I>, input: unknown) => {
  const result = decode(schema)(input)
  expect(Either.isLeft(result), `expected ${JSON.stringify(input)} to be refused`).toBe(true)
  return String(Either.isLeft(result) ? result.left.message : "")
}

describe("Email", () => {
  it("trims and lower-cases", () => {
    expect(ok(Email, "  Ada@Example.COM ")).toBe("ada@example.com")
  })
  it("refuses what is not an address or is too long", () => {
    for (const bad of ["", "ada", "ada@", "@example.com", "a b@example.com", "ada@example"])
      error(Email, bad)
    error(Email, `${"a".repeat(250)}@x.io`)
  })
})

describe("Password", () => {
  it("takes 8 to 128 characters with no composition rules", async () => {
    const check = (input: string) =>
      Effect.runPromise(Effect.either(Schema.decodeUnknown(Password)(input)))
    expect(await check("correct horse battery staple")).toEqual(
      Either.right("correct horse battery staple")
    )
    expect(await check("ññññññññ")).toEqual(Either.right("ññññññññ"))
    expect(String(Either.flip(await check("1234567")).pipe(Either.getOrThrow))).toMatch(
      /at least 8/
    )
    expect(String(Either.flip(await check("x".repeat(129))).pipe(Either.getOrThrow))).toMatch(
      /at most 128/
    )
  })
  it("refuses the most common passwords whatever their case", async () => {
    expect(await isCommonPassword("password1")).toBe(true)
    expect(await isCommonPassword("PassWord1")).toBe(true)
    expect(await isCommonPassword("correct horse battery staple")).toBe(false)
    const decoded = await Effect.runPromise(
      Effect.either(Schema.decodeUnknown(Password)("Qwerty123"))
    )
    expect(Either.isLeft(decoded) && decoded.left.message).toMatch(/too common/)
    const fine = await Effect.runPromise(Schema.decodeUnknown(Password)("correct horse battery"))
    expect(fine).toBe("correct horse battery")
  })
})

describe("decimals", () => {
  it("canonicalises without changing the value", () => {
    expect(canonicalDecimal("007.500")).toBe("7.5")
    expect(canonicalDecimal("0.0000000001")).toBe("0.0000000001")
    expect(canonicalDecimal("10")).toBe("10")
    expect(canonicalDecimal("0.000")).toBe("0")
    expect(ok(Quantity, "123456789012345678.5")).toBe("123456789012345678.5")
  })
  it("bounds precision to numeric(28, 10)", () => {
    expect(ok(Price, "999999999999999999.9999999999")).toBe("999999999999999999.9999999999")
    expect(ok(Price, "1.50000000000000")).toBe("1.5")
    expect(error(Price, "1234567890123456789")).toMatch(/at most 18 digits/)
    expect(error(Price, "0.00000000001")).toMatch(/10 after/)
  })
  it("refuses numbers, signs, exponents and junk", () => {
    for (const bad of [1, "1e3", "-1", "+1", ".5", "5.", "1,5", " 1", "NaN", "Infinity", ""])
      error(Price, bad)
  })
  it("wants quantity > 0 but allows zero price and fee", () => {
    expect(error(Quantity, "0.000")).toMatch(/greater than 0/)
    expect(ok(Price, "0")).toBe("0")
    expect(ok(Fee, "0.00")).toBe("0")
  })
})

describe("Currency", () => {
  it("takes ISO 4217 codes, upper-casing them", () => {
    expect(ok(Currency, "usd")).toBe("USD")
    expect(ok(Currency, "CHF")).toBe("CHF")
    for (const bad of ["US", "USDT", "XYZ", "BTC", 840]) error(Currency, bad)
  })
})

describe("InstrumentSymbol", () => {
  it("upper-cases and allows the usual separators", () => {
    expect(ok(InstrumentSymbol, "btc-usd")).toBe("BTC-USD")
    expect(ok(InstrumentSymbol, "BRK.B")).toBe("BRK.B")
    expect(ok(InstrumentSymbol, "EUR/USD")).toBe("EUR/USD")
  })
  it("refuses spaces, empty parts and long symbols", () => {
    for (const bad of ["", "BTC USD", "-BTC", "BTC--USD", "A".repeat(33), "ÄPFEL"])
      error(InstrumentSymbol, bad)
  })
})

describe("Timestamp", () => {
  it("takes ISO 8601 with an offset and keeps the instant, in canonical UTC form", () => {
    expect(ok(Timestamp, "2026-01-31T14:30:00Z")).toBe("2026-01-31T14:30:00.000Z")
    expect(ok(Timestamp, "2026-01-31T15:30:00.123+01:00")).toBe("2026-01-31T14:30:00.123Z")
    expect(ok(Timestamp, "2026-01-31T14:30Z")).toBe("2026-01-31T14:30:00.000Z")
    expect(Schema.encodeSync(Timestamp)(timestampOf(new Date("2026-01-31T14:30:00Z")))).toBe(
      "2026-01-31T14:30:00.000Z"
    )
  })
  it("refuses dates without a time or an offset, and impossible dates", () => {
    for (const bad of [
      "2026-01-31",
      "2026-01-31T14:30:00",
      "yesterday",
      "2026-13-01T00:00:00Z",
      "2024-02-30T10:00:00Z",
      "2023-02-29T10:00:00Z",
      "2024-04-31T10:00:00+02:00",
      "2024-01-01T24:00:00Z",
      "2024-01-01T23:60:00Z",
      "2024-01-01T23:59:60Z",
      "2024-01-01T10:00:00+24:00",
      1735689600000
    ]) {
      error(Timestamp, bad)
    }
    expect(ok(Timestamp, "2024-02-29T10:00:00Z")).toBe("2024-02-29T10:00:00.000Z")
    expect(ok(Timestamp, "2024-03-01T00:30:00+01:00")).toBe("2024-02-29T23:30:00.000Z")
    expect(ok(Timestamp, "2024-03-01T00:30:00.123456789Z")).toBe("2024-03-01T00:30:00.123Z")
  })
  it("takes instants from 1970 to 9999 only, so every one is a valid PostgreSQL timestamptz", () => {
    for (const bad of [
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "1969-12-31T23:59:59.999Z",
      "1970-01-01T00:30:00+01:00",
      "9999-12-31T23:00:00-01:00"
    ]) {
      error(Timestamp, bad)
    }
    expect(ok(Timestamp, "1970-01-01T00:00:00Z")).toBe("1970-01-01T00:00:00.000Z")
    expect(ok(Timestamp, "9999-12-31T23:59:59.999Z")).toBe("9999-12-31T23:59:59.999Z")
  })
  it("sorts chronologically as text", () => {
    const times = ["2026-03-01T00:00:00+05:00", "2026-02-28T23:00:00Z", "2026-02-28T22:00:00-03:00"]
    const canonical = times.map((t) => ok(Timestamp, t))
    expect([...canonical].sort()).toEqual(
      [...canonical].sort((a, b) => Date.parse(a) - Date.parse(b))
    )
  })
})

describe("ListTransactionsParams", () => {
  it("defaults the limit to 50 and bounds it to 1..200", () => {
    expect(ok(ListTransactionsParams, {}).limit).toBe(50)
    expect(ok(ListTransactionsParams, { limit: "200" }).limit).toBe(200)
    for (const limit of ["0", "201", "1.5", "x"]) error(ListTransactionsParams, { limit })
  })
})

describe("toBigDecimal", () => {
  it("gives exact values for arithmetic", () => {
    const sum = BigDecimal.sum(toBigDecimal(ok(Price, "0.1")), toBigDecimal(ok(Price, "0.2")))
    expect(BigDecimal.equals(sum, toBigDecimal("0.3"))).toBe(true)
    expect(
      BigDecimal.format(
        BigDecimal.multiply(toBigDecimal("123456789012345678.5"), toBigDecimal("2"))
      )
    ).toBe("246913578024691357")
  })
})

describe("decimalString", () => {
  it.each([
    ["1.11111111098888888889", "1.11111111098888888889"],
    ["1000", "1000"],
    ["1.500", "1.5"],
    ["-0.05", "-0.05"],
    ["0", "0"],
    ["123456789012345678.5", "123456789012345678.5"]
  ])("writes %s as %s", (input, expected) => {
    expect(decimalString(BigDecimal.unsafeFromString(input))).toBe(expected)
  })
})
