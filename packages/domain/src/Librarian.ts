import { Schema } from "effect"

/**
 * What this app sends to the Librarian RAG service and what it expects back (the Librarian
 * publishes no API to us, so this is our side of the contract; see infra/librarian-standin).
 * Not part of the browser API: only the server talks to the Librarian.
 */

export const LibrarianTurn = Schema.Struct({
  role: Schema.Literal("user", "assistant"),
  content: Schema.String
})
export type LibrarianTurn = typeof LibrarianTurn.Type

/** A compact, caller-only summary of the trader's portfolios for grounding the answer. */
export const LibrarianContext = Schema.Struct({
  baseCurrency: Schema.String,
  holdings: Schema.Array(
    Schema.Struct({
      portfolio: Schema.String,
      symbol: Schema.String,
      name: Schema.NullOr(Schema.String),
      quantity: Schema.String,
      marketValue: Schema.NullOr(Schema.String),
      weightPercent: Schema.NullOr(Schema.String),
      unrealizedPnl: Schema.NullOr(Schema.String)
    })
  ),
  recentTransactions: Schema.Array(
    Schema.Struct({
      portfolio: Schema.String,
      type: Schema.String,
      symbol: Schema.NullOr(Schema.String),
      quantity: Schema.NullOr(Schema.String),
      price: Schema.NullOr(Schema.String),
      amount: Schema.NullOr(Schema.String),
      currency: Schema.NullOr(Schema.String),
      executedAt: Schema.String
    })
  )
})
export type LibrarianContext = typeof LibrarianContext.Type

/** POST {chat path}: the question, the conversation it belongs to, recent turns, the context. */
export const LibrarianChatRequest = Schema.Struct({
  question: Schema.String,
  conversationId: Schema.String,
  history: Schema.Array(LibrarianTurn),
  context: LibrarianContext
})
export type LibrarianChatRequest = typeof LibrarianChatRequest.Type

export const LibrarianSource = Schema.Struct({
  title: Schema.String.pipe(Schema.maxLength(500)),
  url: Schema.optionalWith(Schema.NullOr(Schema.String.pipe(Schema.maxLength(2000))), {
    default: () => null
  }),
  snippet: Schema.String.pipe(Schema.maxLength(2000))
})

/** The answer: text and the sources it rests on. Anything else is a bad upstream answer. */
export const LibrarianChatResponse = Schema.Struct({
  answer: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(20_000)),
  sources: Schema.Array(LibrarianSource).pipe(Schema.maxItems(20))
})
export type LibrarianChatResponse = typeof LibrarianChatResponse.Type

/** GET {health path}. */
export const LibrarianHealth = Schema.Struct({ status: Schema.Literal("ok") })
