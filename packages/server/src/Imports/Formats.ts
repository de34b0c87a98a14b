import {
  type ActivityType,
  type ColumnMapping,
  IMPORT_FIELDS,
  type ImportField,
  type ImportPreset,
  type ParseSettings
} from "@trading-app/domain"
import { format, mul, parse } from "../Valuation/Fixed.js"

/** A row's fields after reading: decimals canonical, the date as epoch ms, the type resolved. */
export interface Draft {
  type?: ActivityType | undefined
  time?: number | undefined
  symbol?: string | null | undefined
  quantity?: string | undefined
  price?: string | undefined
  fee?: string | undefined
  amount?: string | undefined
  withholdingTax?: string | undefined
  costBasis?: string | undefined
  sharesBefore?: string | undefined
  sharesAfter?: string | undefined
  currency?: string | undefined
  note?: string | undefined
  externalId?: string | undefined
}

/** A row's cells by column name. */
export type Cells = (column: string) => string | undefined

/** What a format does after the common reading: its own arithmetic, or a problem. */
export type Adjust = (
  draft: Draft,
  cells: Cells
) => { column: string | null; message: string } | undefined

export interface Format {
  readonly preset: ImportPreset
  /** Column names (lower case) a file of the format always has. */
  readonly signature: ReadonlyArray<string>
  readonly settings: Partial<ParseSettings>
  readonly mapping: ColumnMapping
  /** Why values of the type column that name no activity of this app cannot be imported. */
  readonly unsupported?: Readonly<Record<string, string>>
  readonly adjust?: Adjust
}

/** a × b, rounded half-even to the ledger's 10 decimals. */
const times = (a: string, b: string) => format(mul(parse(a), parse(b)), 10)

/**
 * Text a spreadsheet could run as a formula (=, +, -, @, a tab or a return first), and text that
 * starts with the guard itself, written behind a `'`: opened in a spreadsheet, a cell shows as
 * text; read back by the import, the guard comes off, so every text returns exactly.
 */
export const guardText = (text: string | null) =>
  text !== null && /^[=+\-@\t\r']/.test(text) ? `'${text}` : text
const unguard = (text: string | undefined) => (text?.startsWith("'") ? text.slice(1) : text)

/** The names of this app's own CSV columns, the fields themselves (its export writes them). */
const own: ColumnMapping = {
  columns: Object.fromEntries(IMPORT_FIELDS.map((f) => [f, f])),
  types: {}
}

/** Cash activities of formats that value them as units × unit price. */
const amountFromUnits = (d: Draft) => {
  if (d.amount === undefined && d.quantity !== undefined && d.price !== undefined) {
    d.amount = d.quantity === "0" ? d.price : times(d.quantity, d.price)
  }
}

/**
 * Ghostfolio's activity CSV (Date, Code, DataSource, Currency, Price, Quantity, Action, Fee,
 * Note): a dividend or interest is units × price; a fee is its Fee column; MANUAL costs name no
 * security (their Code is a description, kept as the note).
 */
const ghostfolio: Format = {
  preset: "ghostfolio",
  signature: ["date", "code", "currency", "price", "quantity", "action", "fee"],
  settings: { dateFormat: "dmy" },
  mapping: {
    columns: {
      date: "Date",
      symbol: "Code",
      currency: "Currency",
      price: "Price",
      quantity: "Quantity",
      type: "Action",
      fee: "Fee",
      note: "Note"
    },
    types: {}
  },
  unsupported: {
    liability: "This app records no liabilities",
    item: "This app records no valuables (items); record them as a deposit if they are cash"
  },
  adjust: (d, cells) => {
    if (d.type === undefined || d.type === "buy" || d.type === "sell") return undefined
    // A MANUAL cost or interest names no security: its Code describes it.
    if ((cells("DataSource") ?? "").toUpperCase() === "MANUAL" && d.type !== "dividend") {
      if (d.note === undefined && d.symbol) d.note = cells("Code")?.trim()
      d.symbol = null
    }
    if (d.type === "fee" || d.type === "tax") d.amount = d.fee
    else amountFromUnits(d)
    d.fee = undefined
    return undefined
  }
}

/**
 * Wealthfolio's activity CSV (date, symbol, quantity, activityType, unitPrice, currency, fee,
 * amount): cash rows name `$CASH-<currency>`; a split's ratio is its amount.
 */
const wealthfolio: Format = {
  preset: "wealthfolio",
  signature: ["date", "symbol", "quantity", "activitytype", "unitprice", "currency"],
  settings: { dateFormat: "ymd" },
  mapping: {
    columns: {
      date: "date",
      symbol: "symbol",
      quantity: "quantity",
      type: "activityType",
      price: "unitPrice",
      currency: "currency",
      fee: "fee",
      amount: "amount"
    },
    types: { ADD_HOLDING: "transfer_in", REMOVE_HOLDING: "transfer_out" }
  },
  adjust: (d) => {
    if (d.symbol?.startsWith("$CASH")) d.symbol = null
    if (d.type === "split") {
      d.sharesBefore = "1"
      d.sharesAfter = d.amount
    } else if (d.type === "transfer_in") {
      d.costBasis ??= d.amount ?? (d.quantity && d.price ? times(d.quantity, d.price) : undefined)
    } else if (d.type !== "buy" && d.type !== "sell") {
      amountFromUnits(d)
      if (d.type === "fee" && d.amount === undefined) d.amount = d.fee
    }
    if (d.type !== "buy" && d.type !== "sell") d.fee = undefined
    return undefined
  }
}

const COINBASE_PRICE = ["Price at Transaction", "Spot Price at Transaction"]
const COINBASE_CURRENCY = ["Price Currency", "Spot Price Currency"]

/**
 * Coinbase's transaction history: a coin's symbol is "<asset>-<price currency>"; coins received
 * (Receive, rewards) come in at their value then; fiat deposits and withdrawals move cash;
 * Convert is two trades in one row and has no single activity.
 */
const coinbase: Format = {
  preset: "coinbase",
  signature: ["timestamp", "transaction type", "asset", "quantity transacted"],
  settings: { dateFormat: "ymd", timeZone: "UTC" },
  mapping: {
    columns: {
      date: "Timestamp",
      type: "Transaction Type",
      quantity: "Quantity Transacted",
      fee: "Fees and/or Spread",
      note: "Notes",
      externalId: "ID"
    },
    types: {
      buy: "buy",
      "advanced trade buy": "buy",
      sell: "sell",
      "advanced trade sell": "sell",
      send: "transfer_out",
      receive: "transfer_in",
      "rewards income": "transfer_in",
      "staking income": "transfer_in",
      "coinbase earn": "transfer_in",
      "learning reward": "transfer_in",
      deposit: "deposit",
      withdrawal: "withdrawal"
    }
  },
  unsupported: {
    convert: "Convert trades one coin for another in one row: record it as a sale and a purchase"
  },
  adjust: (d, cells) => {
    const asset = (cells("Asset") ?? "").trim().toUpperCase()
    const currency = COINBASE_CURRENCY.map(cells)
      .find((c) => c)
      ?.trim()
      .toUpperCase()
    if (d.type === "deposit" || d.type === "withdrawal") {
      d.symbol = null
      d.currency = asset
      d.amount = d.quantity
      d.quantity = undefined
      d.fee = undefined
      return undefined
    }
    d.symbol = currency ? `${asset}-${currency}` : asset
    d.currency = currency
    const priceText = COINBASE_PRICE.map(cells).find((c) => c !== undefined)
    const price = priceText?.replace(/[^\d.]/g, "")
    if (d.type === "buy" || d.type === "sell") d.price = price
    else {
      if (d.type === "transfer_in")
        d.costBasis = price ? times(d.quantity ?? "0", price) : undefined
      d.fee = undefined
    }
    return undefined
  }
}

// Quote assets Binance pairs end in, longest first; stablecoins count as their currency.
const BINANCE_QUOTES = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD", "EUR", "GBP", "TRY", "BRL"]
const STABLE: Record<string, string> = {
  FDUSD: "USD",
  USDT: "USD",
  USDC: "USD",
  BUSD: "USD",
  TUSD: "USD"
}
const unitOf = (text: string | undefined) => /[A-Z]+$/.exec((text ?? "").trim())?.[0]

/**
 * Binance's spot trade history (Date(UTC), Pair, Side, Price, Executed, Amount, Fee): amounts
 * carry their asset ("0.001BTC"); BTCUSDT becomes BTC-USD (stablecoins read as their currency);
 * a fee paid in the coin bought is valued at the trade's price.
 */
const binance: Format = {
  preset: "binance",
  signature: ["date(utc)", "pair", "side", "price", "executed"],
  settings: { dateFormat: "ymd", timeZone: "UTC" },
  mapping: {
    columns: { date: "Date(UTC)", type: "Side", price: "Price", quantity: "Executed", fee: "Fee" },
    types: {}
  },
  adjust: (d, cells) => {
    const pair = (cells("Pair") ?? "").trim().toUpperCase()
    const base = unitOf(cells("Executed"))
    const quote =
      base !== undefined && pair.startsWith(base)
        ? pair.slice(base.length)
        : BINANCE_QUOTES.find((q) => pair.endsWith(q))
    if (quote === undefined || quote === "") {
      return {
        column: "Pair",
        message: `Cannot tell the coin and the currency of ${pair || "the pair"}`
      }
    }
    const coin = base ?? pair.slice(0, -quote.length)
    const currency = STABLE[quote] ?? quote
    d.symbol = `${coin}-${currency}`
    d.currency = currency
    const feeUnit = unitOf(cells("Fee"))
    if (d.fee !== undefined && d.fee !== "0" && feeUnit !== undefined && feeUnit !== quote) {
      if (feeUnit !== coin || d.price === undefined) {
        return {
          column: "Fee",
          message: `The fee was paid in ${feeUnit}: write it in ${quote} (for example 0.05${quote})`
        }
      }
      d.fee = times(d.fee, d.price)
    }
    return undefined
  }
}

const custom: Format = {
  preset: "custom",
  signature: [],
  settings: {},
  mapping: { columns: {}, types: {} }
}

export const FORMATS: Record<ImportPreset, Format> = {
  "trading-app": {
    preset: "trading-app",
    signature: ["date", "type", "symbol", "quantity", "price", "amount", "currency", "externalid"],
    settings: { dateFormat: "ymd", timeZone: "UTC", decimalSeparator: "." },
    mapping: own,
    adjust: (d) => {
      d.note = unguard(d.note)
      d.externalId = unguard(d.externalId)
      return undefined
    }
  },
  ghostfolio,
  wealthfolio,
  coinbase,
  binance,
  custom
}

const normal = (name: string) => name.trim().toLowerCase()

/** The format a file's columns say it is, or custom. */
export const detectPreset = (columns: ReadonlyArray<string>): ImportPreset => {
  const names = new Set(columns.map(normal))
  const found = Object.values(FORMATS).find(
    (f) => f.signature.length > 0 && f.signature.every((c) => names.has(c))
  )
  return found?.preset ?? "custom"
}

// Column names other trackers and brokers use for each field, lower case.
const GUESSES: Record<ImportField, ReadonlyArray<string>> = {
  date: [
    "date",
    "trade date",
    "tradedate",
    "time",
    "timestamp",
    "executed at",
    "date(utc)",
    "datum"
  ],
  type: [
    "type",
    "action",
    "activity",
    "activitytype",
    "transaction type",
    "side",
    "buy/sell",
    "typ"
  ],
  symbol: ["symbol", "ticker", "code", "instrument", "asset", "pair", "market"],
  quantity: ["quantity", "qty", "shares", "units", "executed", "volume", "stück", "anzahl"],
  price: [
    "price",
    "unit price",
    "unitprice",
    "trade price",
    "tradeprice",
    "price per share",
    "kurs"
  ],
  fee: ["fee", "fees", "commission", "ibcommission", "gebühr", "gebühren"],
  amount: ["amount", "total", "value", "net amount"],
  withholdingTax: ["withholding tax", "withholdingtax", "tax withheld"],
  costBasis: ["cost basis", "costbasis"],
  sharesBefore: ["shares before", "sharesbefore"],
  sharesAfter: ["shares after", "sharesafter"],
  currency: ["currency", "ccy", "currencyprimary", "währung"],
  note: ["note", "notes", "comment", "description"],
  externalId: ["id", "external id", "externalid", "transaction id", "order id", "trade id"]
}

/** A mapping guessed from a file's column names (the user confirms or changes it). */
export const guessMapping = (columns: ReadonlyArray<string>): ColumnMapping => {
  const taken = new Set<string>()
  const mapped: Partial<Record<ImportField, string>> = {}
  for (const field of IMPORT_FIELDS) {
    const column = columns.find((c) => !taken.has(c) && GUESSES[field].includes(normal(c)))
    if (column !== undefined) {
      mapped[field] = column
      taken.add(column)
    }
  }
  return { columns: mapped, types: {} }
}
