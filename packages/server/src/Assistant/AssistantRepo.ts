import { SqlClient } from "@effect/sql"
import {
  type ChatOutcome,
  Conversation,
  type ConversationId,
  ConversationMessage,
  NotFound,
  type Source,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import type { Cursor } from "../Database/KeysetCursor.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { FOREIGN_KEY_VIOLATION, sqlState } from "../Database/SqlErrors.js"
import { isoTimestamp } from "../Database/SqlTime.js"

const decodeConversations = rowsDecoder(Schema.typeSchema(Conversation))
const decodeMessages = rowsDecoder(Schema.typeSchema(ConversationMessage))

export const conversationNotFound = new NotFound({ message: "Conversation not found" })

export interface NewMessage {
  readonly role: "user" | "assistant"
  readonly content: string
  readonly sources: ReadonlyArray<Source>
  readonly outcome: ChatOutcome
  readonly latencyMs: number | null
}

/** Conversations with the assistant and their messages, always scoped by the owner in SQL. */
export class AssistantRepo extends Effect.Service<AssistantRepo>()("AssistantRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const conversationColumns = sql.literal(`id, title,
      ${isoTimestamp("created_at", "createdAt")}, ${isoTimestamp("updated_at", "updatedAt")}`)
    const messageColumns = sql.literal(`id, role, content, sources, outcome,
      ${isoTimestamp("created_at", "createdAt")}`)

    /** Questions asked in the last minute, and seconds until the oldest of them leaves it. */
    const recentQuestions = (userId: UserId) =>
      sql<{ n: number; wait: number | null }>`
        SELECT count(*)::int AS n,
          ceil(extract(epoch FROM min(created_at) + interval '1 minute' - now()))::int AS wait
        FROM app_data.ai_messages
        WHERE user_id = ${userId} AND role = 'user' AND created_at > now() - interval '1 minute'`.pipe(
        Effect.map((rows) => rows[0]!),
        Effect.orDie,
        Effect.withSpan("AssistantRepo.recentQuestions")
      )

    const create = (userId: UserId, title: string) =>
      sql`INSERT INTO app_data.ai_conversations (user_id, title) VALUES (${userId}, ${title})
          RETURNING ${conversationColumns}`.pipe(
        Effect.flatMap(decodeConversations),
        Effect.map((rows) => rows[0]!),
        Effect.orDie,
        Effect.withSpan("AssistantRepo.create")
      )

    const find = (userId: UserId, id: ConversationId) =>
      sql`SELECT ${conversationColumns} FROM app_data.ai_conversations
          WHERE id = ${id} AND user_id = ${userId}`.pipe(
        Effect.flatMap(decodeConversations),
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie,
        Effect.withSpan("AssistantRepo.find")
      )

    /** The last `limit` answered turns, oldest first, for the Librarian's context. */
    const history = (userId: UserId, id: ConversationId, limit: number) =>
      sql<{ role: "user" | "assistant"; content: string }>`
        SELECT role, content FROM (
          SELECT role, content, created_at, id FROM app_data.ai_messages
          WHERE conversation_id = ${id} AND user_id = ${userId} AND outcome = 'ok'
          ORDER BY created_at DESC, id DESC LIMIT ${limit}
        ) AS recent ORDER BY created_at, id`.pipe(
        Effect.orDie,
        Effect.withSpan("AssistantRepo.history")
      )

    /**
     * Saves a message and marks its conversation active; the message's id and time. NotFound
     * when the conversation was deleted meanwhile (its foreign key refuses the message).
     */
    const addMessage = (userId: UserId, id: ConversationId, m: NewMessage) =>
      Effect.gen(function* () {
        const [row] = yield* sql<{ id: string; createdAt: string }>`
          INSERT INTO app_data.ai_messages
            (conversation_id, user_id, role, content, sources, outcome, latency_ms)
          VALUES (${id}, ${userId}, ${m.role}, ${m.content}, ${JSON.stringify(m.sources)}::jsonb,
            ${m.outcome}, ${m.latencyMs})
          RETURNING id, ${sql.literal(isoTimestamp("created_at", "createdAt"))}`
        yield* sql`UPDATE app_data.ai_conversations SET updated_at = now()
                   WHERE id = ${id} AND user_id = ${userId}`
        return row!
      }).pipe(
        Effect.catchIf(
          (e) => sqlState(e) === FOREIGN_KEY_VIOLATION,
          () => Effect.fail(conversationNotFound)
        ),
        Effect.orDie,
        Effect.withSpan("AssistantRepo.addMessage")
      )

    /**
     * Runs `effect` in one DB transaction, one at a time per user on every replica: the limit's
     * count and the question's insert of one request cannot interleave with another's.
     */
    const oneQuestionAtATime = (userId: UserId) => withKeyLocks(sql, [`chat:${userId}`])

    const setOutcome = (
      userId: UserId,
      messageId: string,
      outcome: ChatOutcome,
      latencyMs: number
    ) =>
      sql`UPDATE app_data.ai_messages SET outcome = ${outcome}, latency_ms = ${latencyMs}
          WHERE id = ${messageId} AND user_id = ${userId}`.pipe(
        Effect.asVoid,
        Effect.orDie,
        Effect.withSpan("AssistantRepo.setOutcome")
      )

    /** One page of conversations, most recently active first; `limit + 1` rows are read. */
    const list = (userId: UserId, limit: number, after: Cursor | undefined) =>
      sql`SELECT ${conversationColumns} FROM app_data.ai_conversations
          WHERE user_id = ${userId}
            ${after === undefined ? sql`` : sql`AND (updated_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)`}
          ORDER BY updated_at DESC, id DESC LIMIT ${limit + 1}`.pipe(
        Effect.flatMap(decodeConversations),
        Effect.orDie,
        Effect.withSpan("AssistantRepo.list")
      )

    const messages = (userId: UserId, id: ConversationId) =>
      sql`SELECT ${messageColumns} FROM app_data.ai_messages
          WHERE conversation_id = ${id} AND user_id = ${userId} ORDER BY created_at, id`.pipe(
        Effect.flatMap(decodeMessages),
        Effect.orDie,
        Effect.withSpan("AssistantRepo.messages")
      )

    const remove = (userId: UserId, id: ConversationId) =>
      sql`DELETE FROM app_data.ai_conversations WHERE id = ${id} AND user_id = ${userId}
          RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie,
        Effect.withSpan("AssistantRepo.remove")
      )

    return {
      recentQuestions,
      create,
      find,
      history,
      addMessage,
      oneQuestionAtATime,
      setOutcome,
      list,
      messages,
      remove
    } as const
  })
}) {}
