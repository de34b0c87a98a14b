import {
  AssistantBadGateway,
  AssistantTimeout,
  AssistantUnavailable,
  type ChatOutcome,
  type ChatReply,
  type ChatRequest,
  type ConversationId,
  type ConversationListParams,
  type ConversationPage,
  type Timestamp,
  TooManyRequests,
  type UserId
} from "@trading-app/domain"
import { Clock, Effect, Option } from "effect"
import { AppConfig } from "../AppConfig.js"
import { cursorParam, pageOf } from "../Database/KeysetCursor.js"
import type { LibrarianError } from "../Librarian/Errors.js"
import { Librarian } from "../Librarian/Librarian.js"
import { DocumentsRepo } from "../Research/DocumentsRepo.js"
import { AssistantRepo, conversationNotFound } from "./AssistantRepo.js"
import { Grounding } from "./Grounding.js"

const HISTORY_TURNS = 10
const TITLE_LENGTH = 80

const outcomeOf = (error: LibrarianError): ChatOutcome =>
  error._tag === "LibrarianUnavailable"
    ? "unavailable"
    : error._tag === "LibrarianTimeout"
      ? "timeout"
      : "bad_gateway"

/** The HTTP answer to a failed question, with a message a person can act on. */
const answerTo = (error: LibrarianError, conversationId: ConversationId) => {
  const saved = "Your question is saved in the conversation"
  switch (error._tag) {
    case "LibrarianUnavailable":
      return new AssistantUnavailable({
        message: `The assistant is unavailable right now: ${error.reason}. ${saved}; ${Option.match(error.retryAfter, { onNone: () => "please try again later", onSome: (s) => `try again in ${s} seconds` })}.`,
        conversationId,
        ...Option.match(error.retryAfter, {
          onNone: () => ({}),
          onSome: (s) => ({ retryAfter: s })
        })
      })
    case "LibrarianTimeout":
      return new AssistantTimeout({
        message: `The assistant took too long to answer: ${error.reason}. ${saved}; try again in a moment.`,
        conversationId
      })
    case "LibrarianBadAnswer":
    case "LibrarianMissing":
      return new AssistantBadGateway({
        message: `The assistant's service gave an answer we cannot use: ${error.reason}. ${saved}; try again, and report it if it keeps happening.`,
        conversationId
      })
  }
}

/**
 * Questions to the assistant: rate-limited per user in the database (so across replicas), saved
 * before the Librarian is asked (nothing typed is lost, whatever happens next), grounded in the
 * caller's own holdings, and answered or failed with a typed error; every outcome is recorded.
 */
export class Assistant extends Effect.Service<Assistant>()("Assistant", {
  effect: Effect.gen(function* () {
    const repo = yield* AssistantRepo
    const librarian = yield* Librarian
    const grounding = yield* Grounding
    const documents = yield* DocumentsRepo
    const { chatPerMinute } = yield* AppConfig

    const conversation = (userId: UserId, id: ConversationId) =>
      Effect.flatMap(
        repo.find(userId, id),
        Option.match({ onNone: () => Effect.fail(conversationNotFound), onSome: Effect.succeed })
      )

    const chat = (userId: UserId, request: ChatRequest) =>
      Effect.gen(function* () {
        // Counted and saved as one decision per user, so parallel questions cannot all pass.
        const { current, question } = yield* Effect.gen(function* () {
          const recent = yield* repo.recentQuestions(userId)
          if (recent.n >= chatPerMinute) {
            return yield* new TooManyRequests({
              message: `At most ${chatPerMinute} questions a minute; try again shortly`,
              retryAfter: Math.max(1, recent.wait ?? 60)
            })
          }
          const current =
            request.conversationId === undefined
              ? yield* repo.create(userId, request.message.slice(0, TITLE_LENGTH))
              : yield* conversation(userId, request.conversationId)
          const question = yield* repo.addMessage(userId, current.id, {
            role: "user",
            content: request.message,
            sources: [],
            outcome: "pending",
            latencyMs: null
          })
          return { current, question }
        }).pipe(repo.oneQuestionAtATime(userId), Effect.catchTag("SqlError", Effect.die))
        // Answered turns only: the question just saved is still pending.
        const history = yield* repo.history(userId, current.id, HISTORY_TURNS)
        const context = yield* grounding.contextFor(userId)
        const started = yield* Clock.currentTimeMillis
        const result = yield* Effect.either(
          librarian.chat({
            question: request.message,
            conversationId: current.id,
            history,
            context,
            documents: yield* documents.refs(userId)
          })
        )
        const latencyMs = (yield* Clock.currentTimeMillis) - started
        if (result._tag === "Left") {
          yield* repo.setOutcome(userId, question.id, outcomeOf(result.left), latencyMs)
          yield* Effect.logWarning("The assistant's question failed").pipe(
            Effect.annotateLogs({ outcome: outcomeOf(result.left), reason: result.left.reason })
          )
          return yield* answerTo(result.left, current.id)
        }
        const sources = result.right.sources.map((s) => ({
          title: s.title,
          url: s.url,
          snippet: s.snippet
        }))
        yield* repo.setOutcome(userId, question.id, "ok", latencyMs)
        const reply = yield* repo.addMessage(userId, current.id, {
          role: "assistant",
          content: result.right.answer,
          sources,
          outcome: "ok",
          latencyMs
        })
        return {
          conversationId: current.id,
          reply: result.right.answer,
          sources,
          createdAt: reply.createdAt as Timestamp,
          metadata: { service: librarian.service, latencyMs }
        } satisfies ChatReply
      }).pipe(Effect.withSpan("Assistant.chat"))

    const list = (userId: UserId, params: ConversationListParams) =>
      Effect.gen(function* () {
        const after = yield* cursorParam(params.cursor)
        const rows = yield* repo.list(userId, params.limit, after)
        return pageOf(rows, params.limit, (c) => ({
          at: c.updatedAt,
          id: c.id
        })) satisfies ConversationPage
      })

    const detail = (userId: UserId, id: ConversationId) =>
      Effect.gen(function* () {
        const found = yield* conversation(userId, id)
        return { ...found, messages: yield* repo.messages(userId, id) }
      })

    const remove = (userId: UserId, id: ConversationId) =>
      Effect.flatMap(repo.remove(userId, id), (deleted) =>
        deleted ? Effect.void : Effect.fail(conversationNotFound)
      )

    return { chat, list, detail, remove } as const
  }),
  dependencies: [AssistantRepo.Default, Librarian.Default, Grounding.Default, DocumentsRepo.Default]
}) {}
