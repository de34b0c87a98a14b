import { Schema } from "effect"
import { ConversationId } from "./Ids.js"
import { Page } from "./Paging.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

export const MAX_MESSAGE_LENGTH = 4000

export const ChatMessageText = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "Write a message" }),
  Schema.maxLength(MAX_MESSAGE_LENGTH, {
    message: () => `A message may be at most ${MAX_MESSAGE_LENGTH} characters`
  })
).annotations({ identifier: "ChatMessageText" })

export const ChatRequest = strictStruct("ChatRequest", {
  message: ChatMessageText,
  conversationId: Schema.optional(ConversationId).annotations({
    description: "Continue this conversation; a new one is started without it"
  })
})
export type ChatRequest = typeof ChatRequest.Type

/** Where an answer comes from. */
export const Source = Schema.Struct({
  title: Schema.String,
  url: Schema.NullOr(Schema.String),
  snippet: Schema.String
}).annotations({ identifier: "Source" })
export type Source = typeof Source.Type

/** Which service answered: the Librarian, or the development stand-in for it. */
export const AssistantService = Schema.Literal("librarian", "stand-in").annotations({
  identifier: "AssistantService"
})
export type AssistantService = typeof AssistantService.Type

export const ChatReply = Schema.Struct({
  conversationId: ConversationId,
  reply: Schema.String,
  sources: Schema.Array(Source),
  createdAt: Timestamp,
  metadata: Schema.Struct({
    service: AssistantService,
    latencyMs: Schema.Int
  })
}).annotations({ identifier: "ChatReply" })
export type ChatReply = typeof ChatReply.Type

export const Conversation = Schema.Struct({
  id: ConversationId,
  title: Schema.String,
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Conversation" })
export type Conversation = typeof Conversation.Type

export const ConversationPage = Page("ConversationPage", Conversation)
export type ConversationPage = typeof ConversationPage.Type

/** What happened to a question: answered, still in flight, or which failure stopped it. */
export const ChatOutcome = Schema.Literal(
  "ok",
  "pending",
  "unavailable",
  "timeout",
  "bad_gateway"
).annotations({ identifier: "ChatOutcome" })
export type ChatOutcome = typeof ChatOutcome.Type

export const ConversationMessage = Schema.Struct({
  id: Schema.UUID,
  role: Schema.Literal("user", "assistant"),
  content: Schema.String,
  sources: Schema.Array(Source),
  outcome: ChatOutcome,
  createdAt: Timestamp
}).annotations({ identifier: "ConversationMessage" })
export type ConversationMessage = typeof ConversationMessage.Type

export const ConversationDetail = Schema.Struct({
  ...Conversation.fields,
  messages: Schema.Array(ConversationMessage)
}).annotations({ identifier: "ConversationDetail" })
export type ConversationDetail = typeof ConversationDetail.Type
