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
    if (r.method === "GET" && r.path === "/api/users/me/sessions")
      return {
        status: 200,
        body: {
          items: [
            {
              id: "0c0c0c0c-0000-4000-8000-000000000001",
              startedAt: "2026-12-02T09:00:00.000Z",
              lastActiveAt: "2026-12-02T09:30:00.000Z",
              expiresAt: "2026-12-09T09:00:00.000Z",
              ip: "203.0.113.7",
              userAgent: "Firefox",
              current: true
            },
            {
              id: "0c0c0c0c-0000-4000-8000-000000000002",
              startedAt: "2026-12-01T09:00:00.000Z",
              lastActiveAt: "2026-12-01T10:00:00.000Z",
              expiresAt: "2026-12-08T09:00:00.000Z",
              ip: "198.51.100.4",
              userAgent: "Phone",
              current: false
            }
          ]
        }
      }
    if (r.method === "PATCH" && r.path === "/api/users/me")
      return { status: 200, body: { ...user, ...(r.body as object) } }
    if (r.method === "POST" && r.path === "/api/users/me/password")
      return (r.body as { currentPassword: string }).currentPassword === "right password"
        ? { status: 204 }
        : {
            status: 422,
            body: {
              _tag: "Unprocessable",
              message: "The password is incorrect",
              issues: [{ path: ["currentPassword"], message: "The password is incorrect" }]
            }
          }
    if (r.method === "DELETE" && r.path.startsWith("/api/users/me/sessions/"))
      return { status: 204 }
    if (r.method === "POST" && r.path === "/api/users/me/delete") return { status: 204 }
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

  it("saves the settings, changes the password, signs another session out and deletes the account", async () => {
    useSession.setState({ status: "signedIn", user: { ...user } as never })
    const { requests } = serve()
    renderAt("/account", { "/account": <AccountPage />, "/login": <p>Sign-in page</p> })
    const profile = await screen.findByRole("form", { name: "Profile" })
    await userEvent.type(within(profile).getByLabelText("Display name"), "Ada")
    await userEvent.click(within(profile).getByRole("button", { name: "Save" }))
    await waitFor(() => expect(useSession.getState().user?.displayName).toBe("Ada"))
    expect(requests.find((r) => r.method === "PATCH")!.body).toEqual({
      displayName: "Ada",
      defaultCurrency: "USD",
      timeZone: null
    })

    const password = screen.getByRole("form", { name: "Change password" })
    await userEvent.type(within(password).getByLabelText("Current password"), "wrong password")
    await userEvent.type(
      within(password).getByLabelText(/^New password/),
      "a much longer passphrase"
    )
    await userEvent.click(within(password).getByRole("button", { name: "Change password" }))
    expect(await within(password).findAllByText("The password is incorrect")).not.toHaveLength(0)
    await userEvent.clear(within(password).getByLabelText("Current password"))
    await userEvent.type(within(password).getByLabelText("Current password"), "right password")
    await userEvent.click(within(password).getByRole("button", { name: "Change password" }))
    expect(await screen.findByText("Every other session was signed out.")).toBeTruthy()

    const sessions = screen.getByRole("table", { name: "Your sessions" })
    expect(within(sessions).getByText("This device")).toBeTruthy()
    await userEvent.click(within(sessions).getByRole("button", { name: "Sign out" }))
    await waitFor(() =>
      expect(
        requests.some((r) => r.path.endsWith("/sessions/0c0c0c0c-0000-4000-8000-000000000002"))
      ).toBe(true)
    )

    await userEvent.click(screen.getByRole("button", { name: "Delete my account" }))
    const dialog = await screen.findByRole("dialog", { name: "Delete your account" })
    await userEvent.type(within(dialog).getByLabelText("Your password"), "right password")
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete for good" }))
    expect(await screen.findByText("Sign-in page")).toBeTruthy()
    expect(useSession.getState().status).toBe("signedOut")
  })
})
