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

/** One of the asker's research documents the Librarian has ingested. */
export const LibrarianDocumentRef = Schema.Struct({
  id: Schema.String,
  name: Schema.String
})

/**
 * POST {chat path}: the question, the conversation it belongs to, recent turns, the context,
 * and the asker's own ingested documents, which the answer may draw on.
 */
export const LibrarianChatRequest = Schema.Struct({
  question: Schema.String,
  conversationId: Schema.String,
  history: Schema.Array(LibrarianTurn),
  context: LibrarianContext,
  documents: Schema.optionalWith(Schema.Array(LibrarianDocumentRef), { default: () => [] })
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

/**
 * POST {documents path}: the file's bytes as the body (Content-Type application/pdf,
 * text/plain or text/markdown), its name in X-Document-Name (URI-encoded) and its owner (an
 * opaque account id) in X-Document-Owner. The Librarian keeps and indexes it for that owner.
 */
export const LibrarianDocumentIngested = Schema.Struct({
  documentId: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  title: Schema.String.pipe(Schema.maxLength(500)),
  characters: Schema.Int.pipe(Schema.nonNegative()),
  pages: Schema.NullOr(Schema.Int.pipe(Schema.nonNegative()))
})
export type LibrarianDocumentIngested = typeof LibrarianDocumentIngested.Type

/** Where a draft comes from in the document: the passage, its page, its character offsets. */
export const LibrarianPassage = Schema.Struct({
  text: Schema.String.pipe(Schema.maxLength(4000)),
  page: Schema.NullOr(Schema.Int.pipe(Schema.positive())),
  start: Schema.Int.pipe(Schema.nonNegative()),
  end: Schema.Int.pipe(Schema.nonNegative())
})
export type LibrarianPassage = typeof LibrarianPassage.Type

/**
 * A strategy the Librarian read in a passage. `document` is meant to be a strategy document
 * (see the app's StrategyDocument); the app checks it and shows any problem for the user to fix.
 */
export const LibrarianStrategyDraft = Schema.Struct({
  title: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  rationale: Schema.String.pipe(Schema.maxLength(2000)),
  passage: LibrarianPassage,
  document: Schema.Unknown
})
export type LibrarianStrategyDraft = typeof LibrarianStrategyDraft.Type

/**
 * POST {documents path}/{documentId}/strategy-drafts with JSON `{ owner }`: the strategies the
 * document describes, at most 20 (none is a valid answer). 404: the Librarian has no such
 * document of that owner.
 */
export const LibrarianDraftsRequest = Schema.Struct({ owner: Schema.String })
export const LibrarianDrafts = Schema.Struct({
  drafts: Schema.Array(LibrarianStrategyDraft).pipe(Schema.maxItems(20))
})
export type LibrarianDrafts = typeof LibrarianDrafts.Type
