import { MantineProvider } from "@mantine/core"
import { act, render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { LiveStatus, RECONNECT_GRACE_MS } from "../src/events/LiveStatus.js"
import { type StreamStatus, useEvents } from "../src/events/store.js"
import { theme } from "../src/theme.js"

const set = (status: StreamStatus) => act(() => useEvents.setState({ status }))
const shown = () => screen.queryByRole("status")?.textContent ?? null

afterEach(() => {
  vi.useRealTimers()
  useEvents.setState({ status: "off" })
})

describe("the header's live status", () => {
  it("keeps saying Live through a reconnection that comes back within the grace, then says so", () => {
    vi.useFakeTimers()
    useEvents.setState({ status: "connecting" })
    render(
      <MantineProvider theme={theme} env="test">
        <LiveStatus />
      </MantineProvider>
    )
    expect(shown()).toBe("Connecting…")
    set("live")
    expect(shown()).toBe("● Live")
    set("reconnecting")
    act(() => vi.advanceTimersByTime(RECONNECT_GRACE_MS - 1))
    expect(shown()).toBe("● Live")
    set("live")
    act(() => vi.advanceTimersByTime(RECONNECT_GRACE_MS))
    expect(shown()).toBe("● Live")
    set("reconnecting")
    act(() => vi.advanceTimersByTime(RECONNECT_GRACE_MS))
    expect(shown()).toBe("Reconnecting…")
    set("off")
    expect(shown()).toBeNull()
  })
})
