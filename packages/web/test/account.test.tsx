import { act, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import AccountPage from "../src/account/AccountPage.js"
import { useEvents } from "../src/events/store.js"
import { useSession } from "../src/stores/session.js"
import { auditEntry, type FakeRequest, fakeApi, user } from "./fakeApi.js"
import { renderAt } from "./render.js"

const EXPORT = "5e1c0d2a-0000-4000-8000-00000000e001"

const anExport = (extra: object = {}) => ({
  id: EXPORT,
  state: "queued",
  percent: 0,
  message: "Waiting for a worker",
  createdAt: "2026-12-02T10:00:00.000Z",
  finishedAt: null,
  expiresAt: "2026-12-03T10:00:00.000Z",
  sizeBytes: null,
  ...extra
})

afterEach(() => {
  vi.restoreAllMocks()
  useEvents.setState({ jobs: {} })
})

/** A server where the export is `stored` until the test changes it. */
const serve = () => {
  const state = { stored: [] as Array<object> }
  const requests = fakeApi((r: FakeRequest) => {
    if (r.path.startsWith("/api/users/me/security-events"))
      return {
        status: 200,
        body: {
          items: [
            auditEntry("3", "login_failed", { actor: null }),
            auditEntry("2", "login_succeeded")
          ],
          nextCursor: null
        }
      }
    if (r.method === "GET" && r.path === "/api/account/exports")
      return { status: 200, body: { items: state.stored } }
    if (r.method === "POST" && r.path === "/api/account/exports") {
      state.stored = [anExport()]
      return { status: 202, body: anExport() }
    }
    if (r.path === `/api/account/exports/${EXPORT}/download`)
      return { status: 200, body: { format: "trading-app account export" } }
    return undefined
  })
  return { state, requests }
}

describe("the account page", () => {
  it("shows the user's own security events", async () => {
    useSession.setState({ status: "signedIn", user: { ...user, role: "viewer" } as never })
    serve()
    renderAt("/account", { "/account": <AccountPage /> })
    const table = await screen.findByRole("table", { name: "Audit entries" })
    expect(await within(table).findByText("Sign-in failed")).toBeTruthy()
    expect(within(table).getByText("You")).toBeTruthy()
    expect(within(table).queryByText("Account")).toBeNull()
  })

  it("starts an export, follows its progress live, and downloads it when ready", async () => {
    useSession.setState({ status: "signedIn", user: { ...user } as never })
    const { state, requests } = serve()
    const created = vi.fn((_: Blob) => "blob:export")
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }))
    renderAt("/account", { "/account": <AccountPage /> })
    await userEvent.click(await screen.findByRole("button", { name: "Export all my data" }))
    expect(await screen.findByText("Waiting for a worker")).toBeTruthy()
    expect(
      (screen.getByRole("button", { name: "Export all my data" }) as HTMLButtonElement).disabled
    ).toBe(true)

    // The stream says how far it has come: the page shows it without asking the server.
    act(() =>
      useEvents.setState({
        jobs: {
          [EXPORT]: {
            type: "job.progress",
            job: "account-export",
            id: EXPORT,
            state: "running",
            percent: 40,
            message: "Read 400 of 1,000 activities"
          } as never
        }
      })
    )
    expect(await screen.findByText("Read 400 of 1,000 activities")).toBeTruthy()
    expect(
      screen.getByRole("progressbar", { name: "Export progress" }).getAttribute("aria-valuenow")
    ).toBe("40")

    state.stored = [
      anExport({ state: "ready", percent: 100, message: "Ready to download", sizeBytes: 2048 })
    ]
    act(() =>
      useEvents.setState((s) => ({ revisions: { ...s.revisions, jobs: s.revisions.jobs + 1 } }))
    )
    await userEvent.click(
      await screen.findByRole("button", { name: "Download" }, { timeout: 4000 })
    )
    await waitFor(() => expect(created).toHaveBeenCalled())
    expect(requests.at(-1)!.path).toBe(`/api/account/exports/${EXPORT}/download`)
  })
})
