import { screen, within } from "@testing-library/react"
import { describe, expect, it } from "vitest"
import { ageColor, formatAge, formatBytes } from "../src/operations/figures.js"
import OperationsPage from "../src/operations/OperationsPage.js"
import { useSession } from "../src/stores/session.js"
import { fakeApi, user } from "./fakeApi.js"
import { renderAt } from "./render.js"

describe("the operations figures", () => {
  it.each([
    [null, "—"],
    [0, "0 s"],
    [59.4, "59 s"],
    [60, "1 min"],
    [3599, "59 min"],
    [7200, "2 h"],
    [172_800, "2 d"]
  ])("an age of %s seconds reads %s", (seconds, text) => {
    expect(formatAge(seconds)).toBe(text)
  })

  it.each([
    [null, "—"],
    [999, "999 B"],
    [1500, "1.5 KB"],
    [52_000_000, "52.0 MB"]
  ])("%s bytes read %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it.each([
    [60, undefined],
    [15 * 60 + 1, "orange"],
    [24 * 3600 + 1, "red"],
    [null, "red"]
  ])("market data %s seconds old is %s", (seconds, color) => {
    expect(ageColor(seconds)).toBe(color)
  })
})

describe("the operations page", () => {
  it("shows every part, and stale market data stands out", async () => {
    useSession.setState({ status: "signedIn", user: { ...user, role: "admin" } as never })
    fakeApi((r) =>
      r.path === "/api/admin/operations"
        ? {
            status: 200,
            body: {
              generatedAt: "2026-12-02T10:00:00.000Z",
              database: {
                reachable: true,
                latencyMs: 0.8,
                version: "17.2",
                sizeBytes: 52_000_000,
                connections: 12,
                maxConnections: 100
              },
              requests: { perMinute: 120, errorRatePercent: 0.83, p95Ms: 50 },
              replicas: [
                {
                  id: "app-1/42/ab12",
                  role: "app",
                  version: "abc1234",
                  startedAt: "2026-12-02T08:00:00.000Z",
                  uptimeSeconds: 7200,
                  lastSeenSecondsAgo: 3,
                  requests: { perMinute: 120, errorRatePercent: 0.83, p95Ms: 50 },
                  openEventStreams: 4,
                  eventLagSeconds: 0.21,
                  pool: { total: 5, idle: 4, waiting: 0 }
                }
              ],
              marketData: [
                { symbol: "AAPL", active: true, lastCandleAgeSeconds: 30, lastTradeAgeSeconds: 2 },
                {
                  symbol: "MSFT",
                  active: true,
                  lastCandleAgeSeconds: 90_000,
                  lastTradeAgeSeconds: null
                }
              ],
              librarian: { service: "librarian", reachability: "ok", breaker: "closed" },
              jobs: [
                {
                  queue: "housekeeping",
                  waiting: 0,
                  scheduled: 1,
                  active: 0,
                  failed: 2,
                  oldestWaitingSeconds: 0
                }
              ],
              events: { openStreams: 4, maxLagSeconds: 0.21 }
            }
          }
        : undefined
    )
    renderAt("/admin/operations", { "/admin/operations": <OperationsPage /> })
    expect(await screen.findByText("52.0 MB")).toBeTruthy()
    expect(screen.getByText("12 of 100")).toBeTruthy()
    expect(screen.getAllByText("0.83%")).toHaveLength(2)
    const processes = screen.getByRole("table", { name: "Processes" })
    expect(within(processes).getByText("abc1234")).toBeTruthy()
    expect(within(processes).getByText("2 h")).toBeTruthy()
    const market = screen.getByRole("table", { name: "Market data freshness" })
    const msft = within(market).getByText("MSFT").closest("tr")!
    expect(within(msft).getByText("1 d ago").getAttribute("style")).toContain("red")
    expect(within(msft).getByText("none")).toBeTruthy()
    const queues = screen.getByRole("table", { name: "Job queues" })
    expect(within(queues).getByText("housekeeping")).toBeTruthy()
  })
})
