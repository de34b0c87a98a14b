import type {
  ChatReply,
  Conversation,
  ConversationId,
  ConversationMessage,
  Source
} from "@trading-app/domain"
import { ChatRequest } from "@trading-app/domain"
import { create } from "zustand"
import { persist } from "zustand/middleware"
import { assistantApi } from "../api/assistantClient.js"
import { call } from "../api/client.js"
import { ApiProblem, messageOf } from "../api/problem.js"
import { validate } from "../lib/validate.js"
import { tryAgainIn } from "../lib/wait.js"
import { useSession } from "../stores/session.js"

export interface ChatEntry {
  readonly key: string
  readonly role: "user" | "assistant"
  readonly content: string
  readonly sources: ReadonlyArray<Source>
  /** "stand-in" when the development stand-in answered instead of the Librarian. */
  readonly service?: ChatReply["metadata"]["service"]
  readonly failed?: boolean
}

export interface ChatFailure {
  readonly title: string
  readonly message: string
}

interface AssistantState {
  readonly conversations: ReadonlyArray<Conversation>
  readonly activeId: ConversationId | null
  readonly entries: ReadonlyArray<ChatEntry>
  readonly loading: boolean
  readonly sending: boolean
  readonly failure: ChatFailure | null
  readonly loadConversations: () => Promise<void>
  readonly open: (id: ConversationId) => Promise<void>
  readonly startNew: () => void
  readonly send: (text: string) => Promise<boolean>
  readonly remove: (id: ConversationId) => Promise<void>
  readonly dismissFailure: () => void
}

const entryOf = (message: ConversationMessage): ChatEntry => ({
  key: message.id,
  role: message.role,
  content: message.content,
  sources: message.sources,
  failed: message.outcome !== "ok" && message.outcome !== "pending"
})

/** What to tell the user when a question fails, by the API's error. */
export const chatFailureOf = (error: unknown): ChatFailure => {
  if (!(error instanceof ApiProblem)) return { title: "Not sent", message: messageOf(error) }
  switch (error.kind) {
    case "TooManyRequests":
      return {
        title: "Too many questions",
        message: `You have asked many questions in a short time. ${tryAgainIn(error.retryAfter)}`
      }
    case "AssistantUnavailable":
      return {
        title: "Assistant unavailable",
        message: `${error.message} ${tryAgainIn(error.retryAfter)}`
      }
    case "AssistantTimeout":
      return { title: "No answer in time", message: `${error.message} Please ask again.` }
    case "AssistantBadGateway":
      return { title: "Unusable answer", message: `${error.message} Please ask again.` }
    case "ValidationError":
      return { title: "Not sent", message: Object.values(error.fieldErrors)[0] ?? error.message }
    default:
      return { title: "Not sent", message: error.message }
  }
}

let localKey = 0
const nextKey = () => `local-${++localKey}`

/** The assistant sidebar's conversations; which one is open survives reloads. */
export const useAssistant = create<AssistantState>()(
  persist(
    (set, get) => ({
      conversations: [],
      activeId: null,
      entries: [],
      loading: false,
      sending: false,
      failure: null,
      loadConversations: async () => {
        const page = await call(assistantApi.ai.conversations({ urlParams: { limit: 50 } }))
        set({ conversations: page.items })
        // After a reload, the conversation that was open comes back.
        const { activeId, entries } = get()
        if (activeId !== null && entries.length === 0) await get().open(activeId)
      },
      open: async (id) => {
        set({ activeId: id, loading: true, failure: null })
        try {
          const detail = await call(assistantApi.ai.conversation({ path: { conversationId: id } }))
          if (get().activeId === id) set({ entries: detail.messages.map(entryOf) })
        } catch (error) {
          // Deleted elsewhere (or another user's, after a sign-in): start afresh.
          if (error instanceof ApiProblem && error.kind === "NotFound")
            set({ activeId: null, entries: [] })
          else
            set({
              failure: { title: "Could not open the conversation", message: messageOf(error) }
            })
        } finally {
          set({ loading: false })
        }
      },
      startNew: () => set({ activeId: null, entries: [], failure: null }),
      send: async (text) => {
        const conversationId = get().activeId ?? undefined
        const request = await validate(ChatRequest, {
          message: text,
          ...(conversationId ? { conversationId } : {})
        })
        if (!request.ok) {
          set({ failure: { title: "Not sent", message: Object.values(request.errors)[0] ?? "" } })
          return false
        }
        const question: ChatEntry = {
          key: nextKey(),
          role: "user",
          content: request.value.message,
          sources: []
        }
        set((s) => ({ entries: [...s.entries, question], sending: true, failure: null }))
        try {
          const reply = await call(assistantApi.ai.chat({ payload: request.value }))
          const answer: ChatEntry = {
            key: nextKey(),
            role: "assistant",
            content: reply.reply,
            sources: reply.sources,
            service: reply.metadata.service
          }
          set((s) => ({ entries: [...s.entries, answer], activeId: reply.conversationId }))
          if (conversationId === undefined)
            void get()
              .loadConversations()
              .catch(() => {})
          return true
        } catch (error) {
          set((s) => ({
            entries: s.entries.map((e) => (e.key === question.key ? { ...e, failed: true } : e)),
            failure: chatFailureOf(error)
          }))
          return false
        } finally {
          set({ sending: false })
        }
      },
      remove: async (id) => {
        await call(assistantApi.ai.deleteConversation({ path: { conversationId: id } }))
        set((s) => ({
          conversations: s.conversations.filter((c) => c.id !== id),
          ...(s.activeId === id ? { activeId: null, entries: [] } : {})
        }))
      },
      dismissFailure: () => set({ failure: null })
    }),
    { name: "trading-app.assistant", version: 1, partialize: (s) => ({ activeId: s.activeId }) }
  )
)

// Another user's conversations never show: everything is forgotten when the signed-in user signs out or changes.
useSession.subscribe((now, before) => {
  if (before.user !== null && now.user?.id !== before.user.id)
    useAssistant.setState({ conversations: [], activeId: null, entries: [], failure: null })
})
