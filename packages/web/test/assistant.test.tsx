import { MantineProvider } from "@mantine/core"
import { render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it } from "vitest"
import AssistantPanel from "../src/assistant/AssistantPanel.js"
import { useAssistant } from "../src/assistant/store.js"
import { theme } from "../src/theme.js"
import { fakeApi } from "./fakeApi.js"

const renderPanel = () =>
  render(
    <MantineProvider theme={theme} env="test">
      <AssistantPanel />
    </MantineProvider>
  )

const ask = async (question: string) => {
  await userEvent.type(screen.getByLabelText("Your question"), question)
  await userEvent.click(screen.getByRole("button", { name: "Send" }))
}

describe("the assistant sidebar", () => {
  it("shows the answer with its sources and says when the stand-in answered", async () => {
    useAssistant.setState({ activeId: null, entries: [], conversations: [], failure: null })
    const conversationId = "4b8f8a4e-0b5c-4c55-9d0e-6f1e2a3b4c5d"
    fakeApi((r) => {
      if (r.path.startsWith("/api/ai/conversations?"))
        return { status: 200, body: { items: [], nextCursor: null } }
      if (r.path === "/api/ai/chat")
        return {
          status: 200,
          body: {
            conversationId,
            reply: "You hold 3 AAPL.",
            sources: [{ title: "Your holdings", url: null, snippet: "AAPL 3" }],
            createdAt: "2026-11-23T10:00:00.000Z",
            metadata: { service: "stand-in", latencyMs: 12 }
          }
        }
      return undefined
    })
    renderPanel()
    await ask("What do I hold?")
    expect(await screen.findByText("You hold 3 AAPL.")).toBeTruthy()
    expect(screen.getByText("Your holdings")).toBeTruthy()
    expect(screen.getByText("Development stand-in, not the Librarian")).toBeTruthy()
    expect((screen.getByLabelText("Your question") as HTMLTextAreaElement).value).toBe("")
    expect(useAssistant.getState().activeId).toBe(conversationId)
  })

  it.each([
    [429, "TooManyRequests", { retryAfter: 42 }, "Too many questions", /Try again in 42 seconds/],
    [
      503,
      "AssistantUnavailable",
      { retryAfter: 30 },
      "Assistant unavailable",
      /Try again in 30 seconds/
    ],
    [504, "AssistantTimeout", {}, "No answer in time", /Please ask again/],
    [502, "AssistantBadGateway", {}, "Unusable answer", /Please ask again/]
  ])("explains a %i and keeps the question", async (status, tag, extra, title, detail) => {
    useAssistant.setState({ activeId: null, entries: [], conversations: [], failure: null })
    fakeApi((r) =>
      r.path.startsWith("/api/ai/conversations?")
        ? { status: 200, body: { items: [], nextCursor: null } }
        : r.path === "/api/ai/chat"
          ? { status, body: { _tag: tag, message: "It failed.", ...extra } }
          : undefined
    )
    renderPanel()
    await ask("Still there?")
    const alert = await screen.findByRole("alert")
    expect(alert.textContent).toContain(title)
    expect(alert.textContent).toMatch(detail)
    expect(screen.getByText("Not answered")).toBeTruthy()
    // The question stays in the box, to send again.
    expect((screen.getByLabelText("Your question") as HTMLTextAreaElement).value).toBe(
      "Still there?"
    )
  })
})
