import { describe, expect, it } from "vitest"
import { ApiProblem } from "../src/api/problem.js"
import { chatFailureOf } from "../src/assistant/store.js"
import { useLayout } from "../src/stores/layout.js"

describe("the layout store", () => {
  it("keeps the assistant sidebar's visibility across reloads", async () => {
    useLayout.getState().setAssistantOpen(false)
    expect(JSON.parse(localStorage.getItem("trading-app.layout") ?? "{}").state).toEqual({
      assistantOpen: false
    })
    useLayout.setState({ assistantOpen: true })
    localStorage.setItem(
      "trading-app.layout",
      JSON.stringify({ state: { assistantOpen: false }, version: 1 })
    )
    await useLayout.persist.rehydrate()
    expect(useLayout.getState().assistantOpen).toBe(false)
    useLayout.getState().toggleAssistant()
    expect(useLayout.getState().assistantOpen).toBe(true)
  })
})

describe("the assistant's failure messages", () => {
  it("names each failure and the wait where there is one", () => {
    expect(chatFailureOf(new ApiProblem("TooManyRequests", "Slow down", {}, 42))).toEqual({
      title: "Too many questions",
      message: "You have asked many questions in a short time. Try again in 42 seconds."
    })
    expect(
      chatFailureOf(new ApiProblem("AssistantUnavailable", "The assistant is unavailable.", {}, 30))
        .message
    ).toBe("The assistant is unavailable. Try again in 30 seconds.")
    expect(chatFailureOf(new ApiProblem("AssistantTimeout", "No answer in 30 s.")).title).toBe(
      "No answer in time"
    )
    expect(chatFailureOf(new ApiProblem("AssistantBadGateway", "Garbled.")).title).toBe(
      "Unusable answer"
    )
  })
})

describe("signing out", () => {
  it("forgets the previous user's conversations and portfolios", async () => {
    const { useAssistant } = await import("../src/assistant/store.js")
    const { usePortfolios } = await import("../src/stores/portfolios.js")
    const { useSession } = await import("../src/stores/session.js")
    useSession.setState({ status: "signedIn", user: { id: "a" } as never })
    useAssistant.setState({
      activeId: "c1" as never,
      entries: [{ key: "1", role: "user", content: "mine", sources: [] }]
    })
    usePortfolios.setState({ items: [], selectedId: "p1" as never })
    useSession.setState({ status: "signedOut", user: null })
    expect(useAssistant.getState()).toMatchObject({ activeId: null, entries: [] })
    expect(usePortfolios.getState()).toMatchObject({ items: null, selectedId: null })
  })
})

describe("the portfolios store", () => {
  it("shows all portfolios together unless one of them was chosen and still exists", async () => {
    const { usePortfolios } = await import("../src/stores/portfolios.js")
    const { fakeApi } = await import("./fakeApi.js")
    const mine = {
      id: "0b6f2f0e-6d3e-4c1a-9a8e-4d2b1c0f9e01",
      name: "Main",
      baseCurrency: "USD",
      costBasisMethod: "fifo",
      benchmark: "SPY",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z"
    }
    fakeApi((r) =>
      r.path === "/api/portfolios" ? { status: 200, body: { items: [mine] } } : undefined
    )
    usePortfolios.setState({ items: null, selectedId: null })
    await usePortfolios.getState().load()
    expect(usePortfolios.getState().selectedId).toBe("all")
    usePortfolios.getState().select(mine.id as never)
    await usePortfolios.getState().load()
    expect(usePortfolios.getState().selectedId).toBe(mine.id)
    usePortfolios.getState().select("0b6f2f0e-6d3e-4c1a-9a8e-4d2b1c0f9e09" as never)
    await usePortfolios.getState().load()
    expect(usePortfolios.getState().selectedId).toBe("all")
  })
})
