import { describe, expect, it } from "@effect/vitest"
import type { ChatOutcome, Conversation, ConversationId, UserId } from "@trading-app/domain"
import { Effect, Layer, Option, Redacted } from "effect"
import { AppConfigTest } from "../../src/AppConfig.js"
import { Assistant } from "../../src/Assistant/Assistant.js"
import { AssistantRepo } from "../../src/Assistant/AssistantRepo.js"
import { Grounding } from "../../src/Assistant/Grounding.js"
import { LibrarianTimeout } from "../../src/Librarian/Errors.js"
import { Librarian } from "../../src/Librarian/Librarian.js"
import { DocumentsRepo } from "../../src/Research/DocumentsRepo.js"
import { strictMock } from "../support/mocks.js"

const userId = "00000000-0000-4000-8000-000000000001" as UserId
const conversation = {
  id: "00000000-0000-4000-8000-0000000000c1" as ConversationId,
  title: "Hello",
  createdAt: "2026-11-23T10:00:00.000Z",
  updatedAt: "2026-11-23T10:00:00.000Z"
} as Conversation
const context = { baseCurrency: "USD", holdings: [], recentTransactions: [] }

/** The user's questions are admitted one at a time; here only the order of calls matters. */
const serial: Partial<AssistantRepo> = { oneQuestionAtATime: () => (effect) => effect }

const layer = (repo: Partial<AssistantRepo>, librarian: Partial<Librarian>) =>
  Assistant.DefaultWithoutDependencies.pipe(
    Layer.provide(strictMock(AssistantRepo, { ...serial, ...repo })),
    Layer.provide(strictMock(Librarian, { service: "librarian", ...librarian })),
    Layer.provide(strictMock(Grounding, { contextFor: () => Effect.succeed(context) })),
    Layer.provide(strictMock(DocumentsRepo, { refs: () => Effect.succeed([]) })),
    Layer.provide(
      AppConfigTest({ databaseUrl: Redacted.make("postgres://unused"), chatPerMinute: 3 })
    )
  )

/** A repository that records what is saved, in order. */
const recording = (log: Array<string>): Partial<AssistantRepo> => ({
  recentQuestions: () => Effect.succeed({ n: 0, wait: null }),
  create: () => Effect.succeed(conversation),
  history: () => Effect.succeed([]),
  addMessage: (_u, _c, m) => {
    log.push(`add ${m.role} ${m.outcome}`)
    return Effect.succeed({ id: `m${log.length}`, createdAt: "2026-11-23T10:00:01.000Z" })
  },
  setOutcome: (_u, id, outcome: ChatOutcome) => {
    log.push(`set ${id} ${outcome}`)
    return Effect.void
  }
})

const chat = (message: string, conversationId?: ConversationId) =>
  Effect.flatMap(Assistant, (a) =>
    a.chat(userId, conversationId === undefined ? { message } : { message, conversationId })
  )

describe("Assistant.chat", () => {
  it.effect("saves the question before asking, then the answer, and says who answered", () =>
    Effect.gen(function* () {
      const log: Array<string> = []
      const reply = yield* Effect.provide(
        chat("Hello"),
        layer(recording(log), {
          chat: (request) => {
            log.push(`ask ${request.question}`)
            return Effect.succeed({ answer: "Hi", sources: [] })
          }
        })
      )
      expect(log).toEqual(["add user pending", "ask Hello", "set m1 ok", "add assistant ok"])
      expect(reply).toMatchObject({ conversationId: conversation.id, reply: "Hi" })
      expect(reply.metadata.service).toBe("librarian")
    })
  )

  it.effect("refuses past the rate limit without saving or asking anything", () =>
    Effect.gen(function* () {
      const error = yield* Effect.provide(
        chat("Again"),
        layer({ recentQuestions: () => Effect.succeed({ n: 3, wait: 17 }) }, {})
      ).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "TooManyRequests", retryAfter: 17 })
    })
  )

  it.effect("records a failure on the question and answers with a typed error", () =>
    Effect.gen(function* () {
      const log: Array<string> = []
      const error = yield* Effect.provide(
        chat("Slow?"),
        layer(recording(log), {
          chat: () => Effect.fail(new LibrarianTimeout({ reason: "it did not answer in time" }))
        })
      ).pipe(Effect.flip)
      expect(log).toEqual(["add user pending", "set m1 timeout"])
      expect(error).toMatchObject({ _tag: "AssistantTimeout", conversationId: conversation.id })
    })
  )

  it.effect("answers 404 for a conversation that is not the caller's, asking nothing", () =>
    Effect.gen(function* () {
      const error = yield* Effect.provide(
        chat("Hi", conversation.id),
        layer(
          {
            recentQuestions: () => Effect.succeed({ n: 0, wait: null }),
            find: () => Effect.succeed(Option.none())
          },
          {}
        )
      ).pipe(Effect.flip)
      expect(error._tag).toBe("NotFound")
    })
  )
})
