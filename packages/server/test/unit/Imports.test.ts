import { describe, expect, it } from "@effect/vitest"
import type { Currency, ParseSettings, PortfolioId } from "@trading-app/domain"
import { detect } from "../../src/Imports/Detect.js"
import { FORMATS } from "../../src/Imports/Formats.js"
import { detectEncoding } from "../../src/Imports/Layout.js"
import { readFile } from "../../src/Imports/Read.js"
import { comparableOf, fingerprint, type Review, review } from "../../src/Imports/Review.js"
import { detectDateFormat, detectDecimal, readDate, readNumber } from "../../src/Imports/Values.js"
import { unpack } from "../../src/Valuation/Ledger.js"

const PORTFOLIO = "00000000-0000-4000-8000-000000000001" as PortfolioId
const NOW = Date.parse("2026-12-01T00:00:00Z")
const utf8 = (text: string) => new TextEncoder().encode(text)

describe("reading numbers and dates", () => {
  it.each([
    ["1234.5", ".", "1234.5", false],
    ["$1,234.50", ".", "1234.5", false],
    ["-$1.99", ".", "1.99", true],
    ["1.234,56", ",", "1234.56", false],
    ["1 234,5", ",", "1234.5", false],
    ["(12.50)", ".", "12.5", true],
    ["12.5 USD", ".", "12.5", false],
    ["0.00100000BTC", ".", "0.001", false],
    ["1.5E3", ".", "1500", false],
    ["1e-7", ".", "0.0000001", false],
    ["007.50", ".", "7.5", false]
  ] as const)("%s with %s decimals reads %s", (text, decimal, digits, negative) => {
    expect(readNumber(text, decimal)).toEqual({ digits, negative })
  })

  it.each([["abc"], [""], ["1.2.3"], ["--1"]])("%j is not a number", (text) => {
    expect(readNumber(text, ".")).toBeUndefined()
  })

  it.each([
    ["2024-03-01", "ymd", "UTC", "2024-03-01T00:00:00.000Z"],
    ["2024-03-01", "ymd", "Europe/Berlin", "2024-02-29T23:00:00.000Z"],
    ["2024-07-01 09:30", "ymd", "Europe/Berlin", "2024-07-01T07:30:00.000Z"],
    ["2024-01-05 14:23:11 UTC", "ymd", "Europe/Berlin", "2024-01-05T14:23:11.000Z"],
    ["2024-01-05T14:23:11.250+02:00", "ymd", "UTC", "2024-01-05T12:23:11.250Z"],
    ["20240301", "ymd", "UTC", "2024-03-01T00:00:00.000Z"],
    ["16-09-2021", "dmy", "UTC", "2021-09-16T00:00:00.000Z"],
    ["01.03.2024 2:30 PM", "dmy", "UTC", "2024-03-01T14:30:00.000Z"],
    ["03/01/2024", "mdy", "America/New_York", "2024-03-01T05:00:00.000Z"]
  ] as const)("%s (%s, %s) is %s", (text, format, zone, iso) => {
    expect(new Date(readDate(text, format, zone) as number).toISOString()).toBe(iso)
  })

  it.each([
    ["2024-02-30", "ymd"],
    ["13/13/2024", "dmy"],
    ["2024-03-01 25:00", "ymd"],
    ["01/03/24", "dmy"],
    ["yesterday", "ymd"]
  ] as const)("%s is not a date in %s", (text, format) => {
    expect(readDate(text, format, "UTC")).toHaveProperty("problem")
  })

  it.each([
    [["12,5", "3,25"], ","],
    [["1,234.5", "3"], "."],
    [["1.234,5"], ","],
    [["1,234", "2,500"], "."],
    [[], "."]
  ] as const)("decimals of %j are %s", (cells, decimal) => {
    expect(detectDecimal(cells)).toBe(decimal)
  })

  it.each([
    [["2024-03-01", "2024-03-13"], ".", "ymd"],
    [["01-09-2021", "16-09-2021"], ".", "dmy"],
    [["03/01/2024", "03/13/2024"], ".", "mdy"],
    [["03/01/2024", "04/02/2024"], ".", "mdy"],
    [["03/01/2024", "04/02/2024"], ",", "dmy"],
    [["01.02.2024"], ".", "dmy"]
  ] as const)("dates %j (decimal %s) are %s", (cells, decimal, format) => {
    expect(detectDateFormat(cells, decimal)).toBe(format)
  })
})

describe("detecting a file's layout and format", () => {
  it("tells encodings by their byte-order mark, zero bytes or UTF-8 validity", () => {
    const le = Buffer.from("\ufeffDate,Type\n", "utf16le")
    const be = Buffer.from(le).swap16()
    expect(detectEncoding(le)).toBe("utf-16le")
    expect(detectEncoding(be)).toBe("utf-16be")
    expect(detectEncoding(Buffer.from("Date,Type\n", "utf16le"))).toBe("utf-16le")
    expect(detectEncoding(utf8("\ufeffDate"))).toBe("utf-8")
    expect(detectEncoding(utf8("Café"))).toBe("utf-8")
    expect(detectEncoding(Buffer.from("Café", "latin1"))).toBe("latin1")
  })

  it("reads a semicolon file with decimal commas, a preamble and Latin-1 text", () => {
    const text =
      "Depotauszug Müller\n\nDatum;Typ;Symbol;Stück;Kurs;Gebühr;Währung\n01.03.2024;Kauf;SAP.DE;10;170,50;1,25;EUR\n"
    const found = detect(Buffer.from(text, "latin1"), "Europe/Berlin")
    expect(found.settings).toEqual({
      encoding: "latin1",
      delimiter: ";",
      quote: '"',
      decimalSeparator: ",",
      dateFormat: "dmy",
      timeZone: "Europe/Berlin",
      header: true,
      skipRows: 2
    })
    expect(found.preset).toBe("custom")
    expect(found.columns).toEqual(["Datum", "Typ", "Symbol", "Stück", "Kurs", "Gebühr", "Währung"])
    expect(found.mapping.columns).toEqual({
      date: "Datum",
      type: "Typ",
      symbol: "Symbol",
      quantity: "Stück",
      price: "Kurs",
      fee: "Gebühr",
      currency: "Währung"
    })
  })

  it.each([
    [
      "ghostfolio",
      "Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note\n16-09-2021,MSFT,YAHOO,USD,298.580,5,buy,19.00,\n",
      "dmy"
    ],
    [
      "wealthfolio",
      "date,symbol,quantity,activityType,unitPrice,currency,fee,amount\n2024-01-02,AAPL,10,BUY,185.5,USD,1,\n",
      "ymd"
    ],
    [
      "coinbase",
      '"You can use this transaction report to inform your likely tax obligations."\n\nID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes\nabc1,2024-01-05 14:23:11 UTC,Buy,BTC,0.0025,USD,"$44,000.00",$110.00,$111.99,$1.99,Bought\n',
      "ymd"
    ],
    [
      "binance",
      "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2024-02-01 10:00:00,BTCUSDT,BUY,42000,0.01BTC,420USDT,0.00001BTC\n",
      "ymd"
    ],
    [
      "trading-app",
      "date,type,symbol,quantity,price,fee,amount,withholdingTax,costBasis,sharesBefore,sharesAfter,currency,note,externalId\n2024-01-02T15:00:00.000Z,buy,AAPL,10,185.5,1,,,,,,USD,,x1\n",
      "ymd"
    ]
  ] as const)("recognises %s's columns", (preset, text, dateFormat) => {
    const found = detect(utf8(text), "UTC")
    expect(found.preset).toBe(preset)
    expect(found.settings.dateFormat).toBe(dateFormat)
    expect(found.settings.header).toBe(true)
  })
})

const settings = (over: Partial<ParseSettings> = {}): ParseSettings => ({
  encoding: "utf-8",
  delimiter: ",",
  quote: '"',
  decimalSeparator: ".",
  dateFormat: "ymd",
  timeZone: "UTC",
  header: true,
  skipRows: 0,
  ...over
})

/** A file read with its detected settings and preset. */
const readAs = (
  text: string,
  fixes: Array<{ row: number; column: string; value: string }> = []
) => {
  const bytes = utf8(text)
  const found = detect(bytes, "UTC")
  return readFile(bytes, {
    settings: found.settings,
    format: FORMATS[found.preset],
    mapping: found.mapping,
    symbols: { BTC: "BTC-USD" } as never,
    fixes,
    portfolioId: PORTFOLIO,
    now: NOW
  })
}

const entries = (text: string) =>
  readAs(text).rows.map((r) => {
    if (r.entry === undefined) return r.issues
    const { portfolioId: _, ...entry } = r.entry as unknown as Record<string, unknown>
    return entry
  })

describe("reading rows with a preset", () => {
  it("Ghostfolio: trades, a dividend as units × price, a manual fee without a security", () => {
    expect(
      entries(
        "Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note\n" +
          "01-09-2021,Account Opening Fee,MANUAL,USD,0,0,fee,49,\n" +
          "16-09-2021,MSFT,YAHOO,USD,298.580,5,buy,19.00,My first order\n" +
          "17/11/2021,MSFT,YAHOO,USD,0.62,5,dividend,0.00,\n" +
          "18-11-2021,MSFT,YAHOO,USD,300,2,sell,1.5,\n"
      )
    ).toEqual([
      {
        type: "fee",
        symbol: null,
        amount: "49",
        currency: "USD",
        executedAt: "2021-09-01T00:00:00.000Z",
        note: "Account Opening Fee"
      },
      {
        type: "buy",
        symbol: "MSFT",
        quantity: "5",
        price: "298.58",
        fee: "19",
        currency: "USD",
        executedAt: "2021-09-16T00:00:00.000Z",
        note: "My first order"
      },
      {
        type: "dividend",
        symbol: "MSFT",
        amount: "3.1",
        withholdingTax: "0",
        currency: "USD",
        executedAt: "2021-11-17T00:00:00.000Z"
      },
      {
        type: "sell",
        symbol: "MSFT",
        quantity: "2",
        price: "300",
        fee: "1.5",
        currency: "USD",
        executedAt: "2021-11-18T00:00:00.000Z"
      }
    ])
  })

  it("Wealthfolio: cash rows, a holding added at its cost, a split ratio", () => {
    expect(
      entries(
        "date,symbol,quantity,activityType,unitPrice,currency,fee,amount\n" +
          "2024-01-02T10:00:00.000Z,$CASH-USD,1,DEPOSIT,1,USD,0,1000\n" +
          "2024-01-03,AAPL,10,BUY,185.5,USD,1,\n" +
          "2024-01-04,NVDA,4,ADD_HOLDING,480.25,USD,0,\n" +
          "2024-06-10,NVDA,0,SPLIT,0,USD,0,10\n"
      )
    ).toEqual([
      { type: "deposit", amount: "1000", currency: "USD", executedAt: "2024-01-02T10:00:00.000Z" },
      {
        type: "buy",
        symbol: "AAPL",
        quantity: "10",
        price: "185.5",
        fee: "1",
        currency: "USD",
        executedAt: "2024-01-03T00:00:00.000Z"
      },
      {
        type: "transfer_in",
        symbol: "NVDA",
        quantity: "4",
        costBasis: "1921",
        currency: "USD",
        executedAt: "2024-01-04T00:00:00.000Z"
      },
      {
        type: "split",
        symbol: "NVDA",
        sharesBefore: "1",
        sharesAfter: "10",
        executedAt: "2024-06-10T00:00:00.000Z"
      }
    ])
  })

  it("Coinbase: a preamble, money signs, coins received at their value, Convert refused", () => {
    const rows = readAs(
      '"You can use this transaction report to inform your likely tax obligations."\n\n' +
        "ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes\n" +
        'a1,2024-01-05 14:23:11 UTC,Buy,BTC,0.0025,USD,"$44,000.00",$110.00,$111.99,$1.99,Bought\n' +
        "a2,2024-02-01 08:00:00 UTC,Staking Income,ETH,0.01,USD,$2300.00,$23.00,$23.00,$0.00,\n" +
        "a3,2024-02-02 08:00:00 UTC,Convert,ETH,0.5,USD,$2300.00,$1150,$1150,$5,Converted\n" +
        "a4,2024-02-03 09:00:00 UTC,Deposit,USD,500,USD,$1.00,$500,$500,$0,\n"
    ).rows
    expect(rows.map((r) => r.row)).toEqual([4, 5, 6, 7])
    expect(rows[0]!.entry).toMatchObject({
      type: "buy",
      symbol: "BTC-USD",
      quantity: "0.0025",
      price: "44000",
      fee: "1.99",
      currency: "USD",
      executedAt: "2024-01-05T14:23:11.000Z"
    })
    expect(rows[0]!.externalId).toBe("a1")
    expect(rows[1]!.entry).toMatchObject({
      type: "transfer_in",
      symbol: "ETH-USD",
      quantity: "0.01",
      costBasis: "23"
    })
    expect(rows[2]!.issues).toEqual([
      {
        column: "Transaction Type",
        value: "Convert",
        message:
          "Convert trades one coin for another in one row: record it as a sale and a purchase"
      }
    ])
    expect(rows[3]!.entry).toMatchObject({ type: "deposit", amount: "500", currency: "USD" })
  })

  it("Binance: assets in the amounts, a fee in the coin valued at the price, one in BNB refused", () => {
    const rows = readAs(
      "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n" +
        "2024-02-01 10:00:00,BTCUSDT,BUY,42000,0.01BTC,420USDT,0.00001BTC\n" +
        "2024-02-02 10:00:00,ETHEUR,SELL,2100.5,0.5ETH,1050.25EUR,1.05EUR\n" +
        "2024-02-03 10:00:00,BTCUSDT,BUY,43000,0.01BTC,430USDT,0.0005BNB\n"
    ).rows
    expect(rows[0]!.entry).toMatchObject({
      type: "buy",
      symbol: "BTC-USD",
      quantity: "0.01",
      price: "42000",
      fee: "0.42",
      currency: "USD",
      executedAt: "2024-02-01T10:00:00.000Z"
    })
    expect(rows[1]!.entry).toMatchObject({
      type: "sell",
      symbol: "ETH-EUR",
      quantity: "0.5",
      fee: "1.05",
      currency: "EUR"
    })
    expect(rows[2]!.issues).toEqual([
      {
        column: "Fee",
        value: "0.0005BNB",
        message: "The fee was paid in BNB: write it in USDT (for example 0.05USDT)"
      }
    ])
  })

  it("names the row, column and value of each problem, and takes fixed cells", () => {
    const text =
      "date,type,symbol,quantity,price,fee,amount,withholdingTax,costBasis,sharesBefore,sharesAfter,currency,note,externalId\n" +
      "2024-01-02T15:00:00.000Z,buy,AAPL,ten,185.5,1,,,,,,USD,,\n" +
      "2024-13-02T15:00:00.000Z,purchase,AAPL,1,185.5,1,,,,,,USD,,\n" +
      "2024-01-03T15:00:00.000Z,deposit,,,,,,,,,,USD,,\n" +
      "2030-01-03T15:00:00.000Z,deposit,,,,,100,,,,,USD,,\n"
    const rows = readAs(text).rows
    expect(rows.map((r) => [r.row, r.issues])).toEqual([
      [2, [{ column: "quantity", value: "ten", message: 'Not a number (decimal separator ".")' }]],
      [
        3,
        [
          {
            column: "type",
            value: "purchase",
            message: '"purchase" is not an activity this app knows: map it to one'
          },
          {
            column: "date",
            value: "2024-13-02T15:00:00.000Z",
            message: "Not a real date and time (from 1970)"
          }
        ]
      ],
      [4, [{ column: "amount", value: "", message: "A deposit needs amount" }]],
      [
        5,
        [
          {
            column: "date",
            value: "2030-01-03T15:00:00.000Z",
            message: "The date is in the future"
          }
        ]
      ]
    ])
    const fixed = readAs(text, [
      { row: 2, column: "quantity", value: "10" },
      { row: 4, column: "amount", value: "250" }
    ]).rows
    expect(fixed[0]!.entry).toMatchObject({ quantity: "10" })
    expect(fixed[2]!.entry).toMatchObject({ type: "deposit", amount: "250" })
  })
})

const rowsOf = (r: Review) => r.statuses.map((_, i) => r.rowAt(i))

describe("the dry run's verdicts", () => {
  const header =
    "date,type,symbol,quantity,price,fee,amount,withholdingTax,costBasis,sharesBefore,sharesAfter,currency,note,externalId\n"
  const market = {
    quotes: new Map<string, Currency | undefined>([["AAPL", "USD" as Currency]]),
    pairs: [],
    baseCurrency: "USD" as Currency
  }
  const run = (
    text: string,
    options: {
      existing?: Array<string>
      ids?: Array<string>
      ledger?: string
      exclude?: Array<number>
      include?: Array<number>
    } = {}
  ) => {
    const read = readAs(header + text)
    return review({
      rows: read.rows,
      existing: {
        ids: new Set(options.ids ?? []),
        fingerprints: new Map((options.existing ?? []).map((f) => [f, 1] as const))
      },
      market,
      ledgers: new Map(options.ledger ? [["AAPL", unpack(options.ledger)]] : []),
      exclude: new Set(options.exclude ?? []),
      include: new Set(options.include ?? []),
      zone: "UTC",
      locate: read.locate
    })
  }
  const buy = (day: string, quantity: string, id = "") =>
    `2024-01-${day}T15:00:00.000Z,buy,AAPL,${quantity},185.5,1,,,,,,USD,,${id}\n`
  const sell = (day: string, quantity: string) =>
    `2024-01-${day}T15:00:00.000Z,sell,AAPL,${quantity},190,1,,,,,,USD,,\n`

  it("flags repeats of existing activities and of earlier rows, by fingerprint or by id", () => {
    const existing = fingerprint(
      comparableOf({
        type: "buy",
        portfolioId: PORTFOLIO,
        symbol: "AAPL",
        quantity: "5",
        price: "185.5",
        fee: "1",
        currency: "USD",
        executedAt: "2024-01-02T09:00:00.000Z"
      } as never),
      "UTC"
    )
    const result = run(
      buy("02", "5") +
        buy("02", "5") +
        buy("02", "5") +
        buy("03", "1", "x1") +
        buy("04", "2", "x1") +
        buy("05", "3", "old"),
      {
        existing: [existing],
        ids: ["old"]
      }
    )
    expect(rowsOf(result).map((r) => [r.row, r.status, r.duplicateOf])).toEqual([
      [2, "duplicate", "An activity already in the portfolio (same day, type, symbol, amounts)"],
      [3, "ready", null],
      [4, "duplicate", "Row 3 (same day, type, symbol, amounts)"],
      [5, "ready", null],
      [6, "duplicate", "Row 5 (same id x1)"],
      [7, "duplicate", "An activity already in the portfolio (id old)"]
    ])
    expect(result.counts).toEqual({ rows: 6, ready: 2, invalid: 0, duplicates: 4, excluded: 0 })
    const chosen = run(buy("02", "5") + buy("02", "5"), { include: [3], exclude: [2] })
    expect(rowsOf(chosen).map((r) => r.status)).toEqual(["excluded", "ready"])
    expect(chosen.selected.map((s) => s.row)).toEqual([3])
  })

  it("refuses sales of more than the portfolio and the file hold together", () => {
    // The portfolio holds 3 AAPL from 2024-01-01.
    const ledger = `buy 3 100 0 USD ${Date.parse("2024-01-01T00:00:00Z")}`
    const result = run(sell("05", "2") + sell("06", "2") + buy("07", "4") + sell("08", "5"), {
      ledger
    })
    expect(rowsOf(result).map((r) => [r.row, r.status, r.issues.map((i) => i.message)])).toEqual([
      [2, "ready", []],
      [3, "invalid", ["Selling 2 AAPL on 2024-01-06 would take more than the 1 held then"]],
      [4, "ready", []],
      [5, "ready", []]
    ])
    expect(rowsOf(result)[1]!.issues[0]!.column).toBe("quantity")
  })

  it("refuses a sale that would leave an existing later sale short", () => {
    const ledger = [
      `buy 3 100 0 USD ${Date.parse("2024-01-01T00:00:00Z")}`,
      `sell 3 120 0 USD ${Date.parse("2024-01-20T00:00:00Z")}`
    ].join(",")
    const result = run(sell("05", "2"), { ledger })
    expect(rowsOf(result)[0]!.status).toBe("invalid")
    expect(rowsOf(result)[0]!.issues[0]!.message).toBe(
      "This row leaves an existing activity short: selling 3 AAPL on 2024-01-20 would take more than the 1 held then"
    )
  })

  it("refuses instruments and currencies the market data does not know", () => {
    const result = run(
      "2024-01-02T15:00:00.000Z,buy,ZZZZ,1,1,0,,,,,,USD,,\n" +
        "2024-01-02T15:00:00.000Z,buy,AAPL,1,1,0,,,,,,JPY,,\n" +
        "2024-01-02T15:00:00.000Z,deposit,,,,,100,,,,,JPY,,\n"
    )
    expect(rowsOf(result).map((r) => r.issues)).toEqual([
      [
        {
          column: "symbol",
          value: "ZZZZ",
          message: "Unknown instrument ZZZZ; search the instruments for its symbol"
        }
      ],
      [
        {
          column: "currency",
          value: "JPY",
          message: "AAPL is quoted in USD, and no FX rate converts JPY into USD"
        }
      ],
      [
        {
          column: "currency",
          value: "JPY",
          message: "No FX rate converts JPY into USD, the portfolio's base currency"
        }
      ]
    ])
  })
})

describe("settings the user overrides", () => {
  it("reads a file without a header by column number", () => {
    const bytes = utf8("2024-01-02;buy;AAPL;10;185,5\n")
    const read = readFile(bytes, {
      settings: settings({ delimiter: ";", decimalSeparator: ",", header: false }),
      format: FORMATS.custom,
      mapping: {
        columns: { date: "1", type: "2", symbol: "3", quantity: "4", price: "5" },
        types: {},
        defaultCurrency: "USD" as Currency
      },
      symbols: {},
      fixes: [],
      portfolioId: PORTFOLIO,
      now: NOW
    })
    expect(read.columns).toEqual(["Column 1", "Column 2", "Column 3", "Column 4", "Column 5"])
    expect(read.rows[0]!.entry).toMatchObject({
      type: "buy",
      symbol: "AAPL",
      quantity: "10",
      price: "185.5",
      fee: "0",
      currency: "USD"
    })
  })
})
