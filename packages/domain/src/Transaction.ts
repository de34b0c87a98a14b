import { Schema } from "effect"
import { Currency } from "./Currency.js"
import { Fee, Price, Quantity } from "./Decimal.js"
import { PortfolioId, TransactionId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { Page, pageCursor, pageLimit } from "./Paging.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

export const Side = Schema.Literal("buy", "sell").annotations({
  identifier: "Side",
  message: () => 'Side must be "buy" or "sell"'
})
export type Side = typeof Side.Type

export const Note = Schema.String.pipe(
  Schema.maxLength(1000, { message: () => "Note must be at most 1000 characters" })
).annotations({ identifier: "Note" })

export const Transaction = Schema.Struct({
  id: TransactionId,
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol,
  side: Side,
  quantity: Quantity,
  price: Price,
  fee: Fee,
  currency: Currency,
  executedAt: Timestamp,
  note: Schema.NullOr(Schema.String),
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Transaction" })
export type Transaction = typeof Transaction.Type

export const CreateTransaction = strictStruct("CreateTransaction", {
  portfolioId: PortfolioId,
  symbol: InstrumentSymbol,
  side: Side,
  quantity: Quantity,
  price: Price,
  fee: Schema.optionalWith(Fee, { default: () => Fee.make("0") }),
  currency: Currency,
  executedAt: Timestamp,
  note: Schema.optional(Schema.NullOr(Note))
})
export type CreateTransaction = typeof CreateTransaction.Type

export const UpdateTransaction = strictStruct("UpdateTransaction", {
  portfolioId: Schema.optional(PortfolioId),
  symbol: Schema.optional(InstrumentSymbol),
  side: Schema.optional(Side),
  quantity: Schema.optional(Quantity),
  price: Schema.optional(Price),
  fee: Schema.optional(Fee),
  currency: Schema.optional(Currency),
  executedAt: Schema.optional(Timestamp),
  note: Schema.optional(Schema.NullOr(Note))
})
export type UpdateTransaction = typeof UpdateTransaction.Type

export const TransactionPage = Page("TransactionPage", Transaction)
export type TransactionPage = typeof TransactionPage.Type

export const ListTransactionsParams = Schema.Struct({
  portfolioId: Schema.optional(PortfolioId),
  symbol: Schema.optional(InstrumentSymbol),
  side: Schema.optional(Side),
  from: Schema.optional(Timestamp).annotations({ description: "executedAt >= from" }),
  to: Schema.optional(Timestamp).annotations({ description: "executedAt < to" }),
  order: Schema.optionalWith(
    Schema.Literal("desc", "asc").annotations({
      message: () => 'Order must be "desc" (newest first) or "asc" (oldest first)',
      description: "By executedAt: desc (newest first, the default) or asc"
    }),
    { default: () => "desc" as const }
  ),
  limit: pageLimit(200, 50),
  cursor: pageCursor
})
export type ListTransactionsParams = typeof ListTransactionsParams.Type
