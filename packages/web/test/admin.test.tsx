import { screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import UserPage from "../src/admin/UserPage.js"
import UsersPage from "../src/admin/UsersPage.js"
import LogsPage from "../src/logs/LogsPage.js"
import { useSession } from "../src/stores/session.js"
import { auditEntry, type FakeRequest, type FakeResponse, fakeApi, user } from "./fakeApi.js"
import { renderAt } from "./render.js"

const ADA = "1d2e3f40-0000-4000-8000-0000000000a1"
const BOB = "1d2e3f40-0000-4000-8000-0000000000b2"

const adminUser = (id: string, email: string, extra: object = {}) => ({
  id,
  email,
  displayName: null,
  role: "trader",
  createdAt: "2026-11-02T09:00:00.000Z",
  disabledAt: null,
  lastSignInAt: "2026-12-01T08:30:00.000Z",
  activeSessions: 1,
  signInLocked: false,
  ...extra
})

const signedInAs = (role: string) =>
  useSession.setState({ status: "signedIn", user: { ...user, role } as never })

const serve = (routes: Record<string, (r: FakeRequest) => FakeResponse>) =>
  fakeApi((r) => {
    const key = `${r.method} ${r.path.split("?")[0]}`
    return routes[key]?.(r)
  })

afterEach(() => vi.restoreAllMocks())

describe("the users page", () => {
  it("lists users and searches by e-mail or name, role and status", async () => {
    signedInAs("manager")
    const requests = serve({
      "GET /api/admin/users": (r) => ({
        status: 200,
        body: {
          items: r.path.includes("q=bob")
            ? [adminUser(BOB, "bob@example.com", { disabledAt: "2026-12-01T00:00:00.000Z" })]
            : [adminUser(ADA, "ada@example.com"), adminUser(BOB, "bob@example.com")],
          nextCursor: null
        }
      })
    })
    renderAt("/admin/users", { "/admin/users": <UsersPage /> })
    const table = await screen.findByRole("table", { name: "Users" })
    await within(table).findByText("ada@example.com")
    expect(within(table).getAllByRole("row")).toHaveLength(3)

    await userEvent.type(screen.getByLabelText("E-mail or name"), "bob")
    await waitFor(() => expect(within(table).queryByText("ada@example.com")).toBeNull())
    expect(within(table).getByText("Disabled")).toBeTruthy()
    expect(requests.at(-1)!.path).toContain("q=bob")
    expect(within(table).getByRole("link", { name: "bob@example.com" }).getAttribute("href")).toBe(
      `/admin/users/${BOB}`
    )
  })
})

describe("a user's page", () => {
  const userRoutes = (changes: Array<FakeRequest>) => ({
    "GET /api/admin/users/:id": () => ({ status: 200, body: adminUser(BOB, "bob@example.com") }),
    "GET /api/admin/users/:id/sessions": () => ({ status: 200, body: { items: [] } }),
    "GET /api/admin/audit": () => ({ status: 200, body: { items: [], nextCursor: null } }),
    "PUT /api/admin/users/:id/role": (r: FakeRequest) => {
      changes.push(r)
      return { status: 200, body: adminUser(BOB, "bob@example.com", { role: "viewer" }) }
    },
    "POST /api/admin/users/:id/disable": (r: FakeRequest) => {
      changes.push(r)
      return {
        status: 200,
        body: adminUser(BOB, "bob@example.com", {
          disabledAt: "2026-12-02T10:00:00.000Z",
          activeSessions: 0
        })
      }
    }
  })
  const serveUser = (routes: Record<string, (r: FakeRequest) => FakeResponse>) =>
    fakeApi((r) => {
      const key = `${r.method} ${r.path.split("?")[0]!.replace(/[0-9a-f-]{36}/, ":id")}`
      return routes[key]?.(r)
    })

  it("lets an administrator change the role and disable the account, after confirming", async () => {
    signedInAs("admin")
    const changes: Array<FakeRequest> = []
    serveUser(userRoutes(changes))
    renderAt(`/admin/users/${BOB}`, { "/admin/users/:userId": <UserPage /> })
    await screen.findByRole("heading", { name: "bob@example.com" })

    await userEvent.click(screen.getAllByLabelText(/^Role/)[0]!)
    await userEvent.click(await screen.findByRole("option", { name: "Viewer" }))
    await userEvent.click(screen.getByRole("button", { name: "Change role" }))
    await waitFor(() => expect(changes).toHaveLength(1))
    expect(changes[0]!.body).toEqual({ role: "viewer" })

    await userEvent.click(screen.getByRole("button", { name: "Disable account" }))
    const dialog = await screen.findByRole("dialog", { name: "Disable account" })
    await userEvent.click(within(dialog).getByRole("button", { name: "Disable" }))
    await waitFor(() => expect(changes).toHaveLength(2))
    expect(changes[1]!.path).toBe(`/api/admin/users/${BOB}/disable`)
    expect(await screen.findByRole("button", { name: "Enable account" })).toBeTruthy()
  })

  it("shows a manager no administration, and reads portfolios only when asked", async () => {
    signedInAs("manager")
    const requests = serveUser({
      ...userRoutes([]),
      "GET /api/admin/users/:id/portfolios": () => ({ status: 200, body: { items: [] } }),
      "GET /api/admin/users/:id/portfolios/all/holdings": () => ({
        status: 200,
        body: {
          portfolioId: "all",
          baseCurrency: "USD",
          costBasisMethod: null,
          asOf: "2026-12-02T10:00:00.000Z",
          rounding: { decimals: 2, mode: "half-even" },
          items: [],
          cash: [],
          totals: {}
        }
      }),
      "GET /api/admin/users/:id/transactions": () => ({
        status: 200,
        body: { items: [], nextCursor: null }
      })
    })
    renderAt(`/admin/users/${BOB}`, { "/admin/users/:userId": <UserPage /> })
    await screen.findByRole("heading", { name: "bob@example.com" })
    expect(screen.queryByRole("button", { name: "Change role" })).toBeNull()
    expect(requests.some((r) => r.path.includes("/portfolios"))).toBe(false)
    await userEvent.click(screen.getByRole("button", { name: "Show portfolios" }))
    await waitFor(() =>
      expect(requests.some((r) => r.path === `/api/admin/users/${BOB}/portfolios`)).toBe(true)
    )
  })
})

describe("the logs page", () => {
  it("shows the audit log, switches to the system log and exports what the filters match", async () => {
    signedInAs("manager")
    const requests = serve({
      "GET /api/admin/audit": () => ({
        status: 200,
        body: { items: [auditEntry("12", "login_succeeded")], nextCursor: null }
      }),
      "GET /api/admin/system-log": () => ({
        status: 200,
        body: {
          items: [
            {
              id: "7",
              at: "2026-12-01T08:30:00.000Z",
              level: "error",
              category: "api",
              message: "Unexpected failure",
              details: {},
              requestId: "r-9",
              userId: null,
              replica: "app-1"
            }
          ],
          nextCursor: null
        }
      }),
      "GET /api/admin/system-log/export": () => ({
        status: 200,
        body: undefined,
        headers: { "content-type": "text/csv" }
      })
    })
    const created = vi.fn((_: Blob) => "blob:export")
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }))
    renderAt("/admin/logs", { "/admin/logs": <LogsPage /> })
    const audit = await screen.findByRole("table", { name: "Audit entries" })
    expect(await within(audit).findByText("Signed in")).toBeTruthy()

    await userEvent.click(screen.getByText("System log"))
    const system = await screen.findByRole("table", { name: "System log entries" })
    expect(await within(system).findByText("Unexpected failure")).toBeTruthy()

    await userEvent.click(screen.getByRole("button", { name: "Export CSV" }))
    await waitFor(() => expect(created).toHaveBeenCalled())
    expect(requests.at(-1)!.path).toBe("/api/admin/system-log/export?format=csv")
  })
})
