import {
  ActionIcon,
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  Title
} from "@mantine/core"
import type { ConversationId } from "@trading-app/domain"
import { MAX_MESSAGE_LENGTH } from "@trading-app/domain"
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react"
import { messageOf } from "../api/problem.js"
import { CloseIcon } from "../layout/icons.js"
import { useLayout } from "../stores/layout.js"
import { type ChatEntry, useAssistant } from "./store.js"

const Message = ({ entry }: { readonly entry: ChatEntry }) => {
  const mine = entry.role === "user"
  return (
    <Paper
      p="sm"
      withBorder
      bg={mine ? "var(--mantine-color-blue-light)" : undefined}
      ml={mine ? "xl" : 0}
      mr={mine ? 0 : "xl"}
      aria-label={mine ? "Your message" : "Assistant's answer"}
    >
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {entry.content}
      </Text>
      {entry.failed && (
        <Text size="xs" c="red" mt={4}>
          {mine ? "Not answered" : "This answer failed"}
        </Text>
      )}
      {entry.sources.length > 0 && (
        <Stack gap={2} mt="xs">
          <Text size="xs" fw={600} c="dimmed">
            Sources
          </Text>
          {entry.sources.map((source) => (
            <Text
              key={`${source.title}|${source.url}|${source.snippet}`}
              size="xs"
              title={source.snippet}
            >
              {source.url ? (
                <Anchor href={source.url} target="_blank" rel="noopener noreferrer">
                  {source.title}
                </Anchor>
              ) : (
                source.title
              )}
            </Text>
          ))}
        </Stack>
      )}
      {entry.service === "stand-in" && (
        <Text size="xs" c="dimmed" fs="italic" mt="xs">
          Development stand-in, not the Librarian
        </Text>
      )}
    </Paper>
  )
}

/** The AI assistant: conversations, messages with their sources, and the question box. */
const AssistantPanel = () => {
  const setAssistantOpen = useLayout((s) => s.setAssistantOpen)
  const state = useAssistant()
  const [text, setText] = useState("")
  const [listError, setListError] = useState<string | null>(null)
  const bottom = useRef<HTMLDivElement>(null)
  const { loadConversations } = state

  useEffect(() => {
    loadConversations().catch((error: unknown) => setListError(messageOf(error)))
  }, [loadConversations])

  // Scroll to the newest message as messages arrive; with none there is nothing to show, and
  // scrolling would move the keyboard's starting point into the sidebar.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when messages arrive
  useEffect(() => {
    if (state.entries.length > 0) bottom.current?.scrollIntoView?.({ block: "end" })
  }, [state.entries.length, state.sending])

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    if (state.sending) return
    if (await state.send(text)) setText("")
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault()
      void submit()
    }
  }

  return (
    <Stack h="100%" gap={0}>
      <Group justify="space-between" p="sm" wrap="nowrap">
        <Title order={2} size="h4">
          AI assistant
        </Title>
        <ActionIcon
          variant="subtle"
          aria-label="Close the assistant"
          title="Close the assistant"
          onClick={() => setAssistantOpen(false)}
        >
          <CloseIcon />
        </ActionIcon>
      </Group>
      <Group px="sm" pb="sm" gap="xs" wrap="nowrap" align="flex-end">
        <NativeSelect
          flex={1}
          miw={0}
          label="Conversation"
          data={[
            { value: "", label: "New conversation" },
            ...state.conversations.map((c) => ({ value: c.id, label: c.title }))
          ]}
          value={state.activeId ?? ""}
          onChange={(e) => {
            const id = e.currentTarget.value
            if (id) void state.open(id as ConversationId)
            else state.startNew()
          }}
          error={listError}
        />
        <Button variant="default" onClick={state.startNew} disabled={state.activeId === null}>
          New
        </Button>
        {state.activeId !== null && (
          <Button
            variant="subtle"
            color="red"
            onClick={() => {
              const id = state.activeId
              if (id && window.confirm("Delete this conversation?")) void state.remove(id)
            }}
          >
            Delete
          </Button>
        )}
      </Group>
      <Box flex={1} px="sm" style={{ overflowY: "auto" }}>
        <Stack gap="sm" pb="sm" aria-live="polite">
          {state.loading && <Loader size="sm" />}
          {!state.loading && state.entries.length === 0 && (
            <Text size="sm" c="dimmed">
              Ask about your portfolios, your trades or the markets. Answers cite their sources.
            </Text>
          )}
          {state.entries.map((entry) => (
            <Message key={entry.key} entry={entry} />
          ))}
          {state.sending && (
            <Group gap="xs" role="status">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                The assistant is thinking…
              </Text>
            </Group>
          )}
          <div ref={bottom} />
        </Stack>
      </Box>
      <form onSubmit={submit} aria-label="Ask the assistant">
        <Stack gap="xs" p="sm">
          {state.failure && (
            <Alert
              color="red"
              title={state.failure.title}
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={state.dismissFailure}
              role="alert"
            >
              {state.failure.message}
            </Alert>
          )}
          <Textarea
            label="Your question"
            placeholder="Ask a question (Enter to send, Shift+Enter for a new line)"
            autosize
            minRows={2}
            maxRows={6}
            maxLength={MAX_MESSAGE_LENGTH}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
          <Button type="submit" loading={state.sending} disabled={text.trim() === ""}>
            Send
          </Button>
        </Stack>
      </form>
    </Stack>
  )
}

export default AssistantPanel
