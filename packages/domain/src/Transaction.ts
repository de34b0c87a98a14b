import { BigDecimal, Schema } from "effect"
import { Currency } from "./Currency.js"
import {
  CashAmount,
  CostAmount,
  Fee,
  Price,
  Quantity,
  SplitShares,
  TaxAmount,
  toBigDecimal
} from "./Decimal.js"
import { PortfolioId, TransactionId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { Page, pageCursor, pageLimit } from "./Paging.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

/**
 * What a ledger entry records: a trade (`buy`, `sell`), money in or out (`deposit`,
 * `withdrawal`), income (`dividend`, `interest`), a cost (`fee`, `tax`), a `split` of a
 * security, or securities moved in or out with their cost basis (`transfer_in`, `transfer_out`).
 */
export const ACTIVITY_TYPES = [
  "buy",
  "sell",
  "deposit",
  "withdrawal",
  "dividend",
  "interest",
  "fee",
  "tax",
  "split",
  "transfer_in",
  "transfer_out"
] as const
export const ActivityType = Schema.Literal(...ACTIVITY_TYPES).annotations({
  identifier: "ActivityType",
  message: () => `Type must be one of ${ACTIVITY_TYPES.join(", ")}`
})
export type ActivityType = typeof ActivityType.Type

export const Note = Schema.String.pipe(
  Schema.maxLength(1000, { message: () => "Note must be at most 1000 characters" })
).annotations({ identifier: "Note" })

const zero = <S extends { readonly make: (s: string) => unknown }>(s: S) =>
  s.make("0") as ReturnType<S["make"]>
const feeField = {
  create: Schema.optionalWith(Fee, { default: () => zero(Fee) }),
  stored: Fee
}
const withholdingField = {
  create: Schema.optionalWith(TaxAmount, { default: () => zero(TaxAmount) }).annotations({
    description: "Tax withheld at source, part of amount (amount is the gross payment)"
  }),
  stored: TaxAmount
}
const optionalSymbol = {
  create: Schema.optional(Schema.NullOr(InstrumentSymbol)).annotations({
    description: "The security the cost relates to, if any"
  }),
  stored: Schema.NullOr(InstrumentSymbol)
}

/**
 * Each type's own fields, as a request gives them (`create`) and as they are stored. A field
 * with a default (fee, withholding tax) is optional in a request only.
 */
const variants = {
  buy: {
    symbol: InstrumentSymbol,
    quantity: Quantity,
    price: Price,
    fee: feeField,
    currency: Currency
  },
  sell: {
    symbol: InstrumentSymbol,
    quantity: Quantity,
    price: Price,
    fee: feeField,
    currency: Currency
  },
  deposit: { amount: CashAmount, currency: Currency },
  withdrawal: { amount: CashAmount, currency: Currency },
  dividend: {
    symbol: InstrumentSymbol,
    amount: CashAmount,
    withholdingTax: withholdingField,
    currency: Currency
  },
  interest: { amount: CashAmount, withholdingTax: withholdingField, currency: Currency },
  fee: { symbol: optionalSymbol, amount: CashAmount, currency: Currency },
  tax: { symbol: optionalSymbol, amount: CashAmount, currency: Currency },
  split: { symbol: InstrumentSymbol, sharesBefore: SplitShares, sharesAfter: SplitShares },
  transfer_in: {
    symbol: InstrumentSymbol,
    quantity: Quantity,
    costBasis: CostAmount.annotations({
      description: "What the units transferred in cost, all together, in currency"
    }),
    currency: Currency
  },
  transfer_out: { symbol: InstrumentSymbol, quantity: Quantity }
} as const
type Variants = typeof variants
type CreateField<F> = F extends { readonly create: infer C } ? C : F
type StoredField<F> = F extends { readonly stored: infer S } ? S : F
type CreateFields<T extends ActivityType> = {
  readonly [K in keyof Variants[T]]: CreateField<Variants[T][K]>
}
type StoredFields<T extends ActivityType> = {
  readonly [K in keyof Variants[T]]: StoredField<Variants[T][K]>
}

const pick = <T extends ActivityType, R>(type: T, side: "create" | "stored") =>
  Object.fromEntries(
    Object.entries(variants[type] as Record<string, object>).map(([name, field]) => [
      name,
      "create" in field ? (field as Record<typeof side, unknown>)[side] : field
    ])
  ) as R

const title = (type: ActivityType) =>
  type.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())

/** The names of a type's own fields (symbol, quantity, amount, …), in the order forms show them. */
export const activityFields = (type: ActivityType): ReadonlyArray<string> =>
  Object.keys(variants[type])

/** Whether a request may leave a type's field out (a fee, withheld tax, a cost's symbol). */
export const isOptionalField = (type: ActivityType, field: string): boolean => {
  const spec = (variants[type] as Record<string, object>)[field]
  return spec !== undefined && "create" in spec
}

const createOf = <T extends ActivityType>(type: T) =>
  strictStruct(`Create${title(type)}`, {
    type: Schema.Literal(type),
    portfolioId: PortfolioId,
    ...pick<T, CreateFields<T>>(type, "create"),
    executedAt: Timestamp,
    note: Schema.optional(Schema.NullOr(Note))
  })

const storedOf = <T extends ActivityType>(type: T) =>
  Schema.Struct({
    id: TransactionId,
    type: Schema.Literal(type),
    portfolioId: PortfolioId,
    ...pick<T, StoredFields<T>>(type, "stored"),
    executedAt: Timestamp,
    note: Schema.NullOr(Schema.String),
    createdAt: Timestamp,
    updatedAt: Timestamp
  }).annotations({ identifier: `${title(type)}Transaction` })

const withholdingWithinAmount = (a: { amount: string; withholdingTax: string }) =>
  BigDecimal.lessThanOrEqualTo(toBigDecimal(a.withholdingTax), toBigDecimal(a.amount)) ||
  ({ path: ["withholdingTax"], message: "Withholding tax cannot exceed the gross amount" } as const)

const splitChanges = (s: { sharesBefore: string; sharesAfter: string }) =>
  s.sharesBefore !== s.sharesAfter ||
  ({ path: ["sharesAfter"], message: "A split changes the share count" } as const)

/** Each type's create schema, for callers that know the type (an import reads it first). */
export const CreateTransactionOf = {
  buy: createOf("buy"),
  sell: createOf("sell"),
  deposit: createOf("deposit"),
  withdrawal: createOf("withdrawal"),
  dividend: createOf("dividend").pipe(Schema.filter(withholdingWithinAmount)),
  interest: createOf("interest").pipe(Schema.filter(withholdingWithinAmount)),
  fee: createOf("fee"),
  tax: createOf("tax"),
  split: createOf("split").pipe(Schema.filter(splitChanges)),
  transfer_in: createOf("transfer_in"),
  transfer_out: createOf("transfer_out")
} as const

const CreateTransactionMembers = Schema.Union(
  CreateTransactionOf.buy,
  CreateTransactionOf.sell,
  CreateTransactionOf.deposit,
  CreateTransactionOf.withdrawal,
  CreateTransactionOf.dividend,
  CreateTransactionOf.interest,
  CreateTransactionOf.fee,
  CreateTransactionOf.tax,
  CreateTransactionOf.split,
  CreateTransactionOf.transfer_in,
  CreateTransactionOf.transfer_out
)

/**
 * A ledger entry as a request creates it: one shape per type, told apart by `type`. Suspended:
 * the API then documents it as one named `anyOf` rather than one request body per type.
 */
export const CreateTransaction: Schema.Schema<
  typeof CreateTransactionMembers.Type,
  typeof CreateTransactionMembers.Encoded
> = Schema.suspend(() => CreateTransactionMembers).annotations({
  identifier: "CreateTransaction"
})
export type CreateTransaction = typeof CreateTransaction.Type

/** A stored ledger entry, one shape per type. */
export const Transaction = Schema.Union(
  storedOf("buy"),
  storedOf("sell"),
  storedOf("deposit"),
  storedOf("withdrawal"),
  storedOf("dividend"),
  storedOf("interest"),
  storedOf("fee"),
  storedOf("tax"),
  storedOf("split"),
  storedOf("transfer_in"),
  storedOf("transfer_out")
).annotations({ identifier: "Transaction" })
export type Transaction = typeof Transaction.Type

/**
 * A change: any field of any type. The server lays it over the stored entry (keeping the fields
 * the resulting type has) and checks the result as a new entry of that type.
 */
export const UpdateTransaction = strictStruct("UpdateTransaction", {
  type: Schema.optional(ActivityType),
  portfolioId: Schema.optional(PortfolioId),
  symbol: Schema.optional(Schema.NullOr(InstrumentSymbol)),
  quantity: Schema.optional(Quantity),
  price: Schema.optional(Price),
  fee: Schema.optional(Fee),
  amount: Schema.optional(CashAmount),
  withholdingTax: Schema.optional(TaxAmount),
  costBasis: Schema.optional(CostAmount),
  sharesBefore: Schema.optional(SplitShares),
  sharesAfter: Schema.optional(SplitShares),
  currency: Schema.optional(Currency),
  executedAt: Schema.optional(Timestamp),
  note: Schema.optional(Schema.NullOr(Note))
})
export type UpdateTransaction = typeof UpdateTransaction.Type

export const TransactionPage = Schema.Struct({
  ...Page("TransactionPage", Transaction).fields,
  total: Schema.NullOr(Schema.Int).annotations({
    description:
      "How many entries match the filters, on the first page (without cursor); null on the next ones"
  })
}).annotations({ identifier: "TransactionPage" })
export type TransactionPage = typeof TransactionPage.Type

/** The columns a transaction list can be ordered by; entries of equal value by time. */
export const TransactionSort = Schema.Literal(
  "date",
  "type",
  "symbol",
  "quantity",
  "price",
  "amount",
  "fee"
).annotations({
  identifier: "TransactionSort",
  message: () =>
    'Sort must be one of "date", "type", "symbol", "quantity", "price", "amount" or "fee"'
})
export type TransactionSort = typeof TransactionSort.Type

export const ListTransactionsParams = Schema.Struct({
  portfolioId: Schema.optional(PortfolioId),
  symbol: Schema.optional(InstrumentSymbol).annotations({ description: "Exactly this symbol" }),
  q: Schema.optional(
    Schema.String.pipe(
      Schema.minLength(1),
      Schema.maxLength(64, { message: () => "Search text must be at most 64 characters" })
    )
  ).annotations({
    description: "Part of the symbol, or of the instrument's name, in any case (sap finds SAP.DE)"
  }),
  type: Schema.optional(ActivityType),
  from: Schema.optional(Timestamp).annotations({ description: "executedAt >= from" }),
  to: Schema.optional(Timestamp).annotations({ description: "executedAt < to" }),
  sort: Schema.optionalWith(
    TransactionSort.annotations({
      description:
        "The column to order by (default date: executedAt); the amount is a trade's quantity times price, a cash amount or a transfer's cost basis, the fee a fee or withheld tax"
    }),
    { default: () => "date" as const }
  ),
  order: Schema.optionalWith(
    Schema.Literal("desc", "asc").annotations({
      message: () => 'Order must be "desc" or "asc"',
      description: "desc (newest or largest first, the default) or asc"
    }),
    { default: () => "desc" as const }
  ),
  limit: pageLimit(200, 50),
  cursor: pageCursor
})
export type ListTransactionsParams = typeof ListTransactionsParams.Type
