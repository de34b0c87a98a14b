import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { finishApi } from "./AppApi.js"
import { ChatReply, ChatRequest, ConversationDetail, ConversationPage } from "./Assistant.js"
import { Authentication } from "./Authentication.js"
import {
  AssistantBadGateway,
  AssistantTimeout,
  AssistantUnavailable,
  NotFound,
  TooManyRequests,
  ValidationError
} from "./Errors.js"
import { ConversationId } from "./Ids.js"
import { pageCursor, pageLimit } from "./Paging.js"

const conversationId = HttpApiSchema.param("conversationId", ConversationId)

export const ConversationListParams = Schema.Struct({
  limit: pageLimit(100, 20),
  cursor: pageCursor
})
export type ConversationListParams = typeof ConversationListParams.Type

/** The AI assistant: questions about the trader's portfolios, answered by the Librarian. */
export class AssistantApi extends HttpApiGroup.make("ai")
  .add(
    HttpApiEndpoint.post("chat", "/chat")
      .setPayload(ChatRequest)
      .addSuccess(ChatReply)
      .addError(NotFound)
      .addError(TooManyRequests)
      .addError(AssistantBadGateway)
      .addError(AssistantUnavailable)
      .addError(AssistantTimeout)
      .annotate(OpenApi.Summary, "Ask the assistant")
      .annotate(
        OpenApi.Description,
        "The question is saved first, then answered with a summary of your holdings and recent transactions as context. 429 after too many questions a minute; 502, 503 (with Retry-After when known) or 504 when the answering service fails, the question still saved."
      )
  )
  .add(
    HttpApiEndpoint.get("conversations", "/conversations")
      .setUrlParams(ConversationListParams)
      .addSuccess(ConversationPage)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "Your conversations, most recently active first")
  )
  .add(
    HttpApiEndpoint.get("conversation")`/conversations/${conversationId}`
      .addSuccess(ConversationDetail)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "One conversation with its messages in order")
  )
  .add(
    HttpApiEndpoint.del("deleteConversation")`/conversations/${conversationId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Delete a conversation")
  )
  .middleware(Authentication)
  .prefix("/ai")
  .annotate(OpenApi.Title, "AI assistant") {}

/** The operations of the assistant alone, for its client in the web app (loaded with it). */
export class AssistantClientApi extends finishApi(HttpApi.make("trading-app").add(AssistantApi)) {}
