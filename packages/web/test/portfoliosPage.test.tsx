import { screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it } from "vitest"
import PortfoliosPage from "../src/portfolios/PortfoliosPage.js"
import { useSession } from "../src/stores/session.js"
import { fakeApi, user } from "./fakeApi.js"
import { renderAt } from "./render.js"

const portfolio = (id: string, name: string, extra: Record<string, string | null> = {}) => ({
  id,
  name,
  baseCurrency: "USD",
  costBasisMethod: "fifo",
  benchmark: "SPY",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...extra
})
const MAIN = "0b6f2f0e-6d3e-4c1a-9a8e-4d2b1c0f9e01"
const CRYPTO = "0b6f2f0e-6d3e-4c1a-9a8e-4d2b1c0f9e02"

/** A server holding two portfolios, the second with transactions. */
const setUp = () => {
  let items = [portfolio(MAIN, "Main"), portfolio(CRYPTO, "Crypto")]
  const requests = fakeApi((r) => {
    if (r.method === "GET" && r.path === "/api/portfolios") return { status: 200, body: { items } }
    if (r.method === "POST" && r.path === "/api/portfolios") {
      const body = r.body as { name: string }
      if (body.name === "Main")
        return {
          status: 409,
          body: {
            _tag: "Conflict",
            message: "You already have a portfolio named Main",
            field: "name"
          }
        }
      const created = portfolio("0b6f2f0e-6d3e-4c1a-9a8e-4d2b1c0f9e03", body.name, r.body as never)
      items = [...items, created]
      return { status: 201, body: created }
    }
    if (r.method === "PATCH") {
      items = items.map((p) => (r.path.endsWith(p.id) ? { ...p, ...(r.body as object) } : p))
      return { status: 200, body: items.find((p) => r.path.endsWith(p.id)) }
    }
    if (r.method === "DELETE" && r.path.includes(CRYPTO)) {
      if (!r.path.endsWith("force=true"))
        return {
          status: 409,
          body: {
            _tag: "Conflict",
            message:
              "This portfolio holds 3 transaction(s); delete with force=true to delete them too"
          }
        }
      items = items.filter((p) => p.id !== CRYPTO)
      return { status: 204 }
    }
    return undefined
  })
  renderAt("/portfolios", { "/portfolios": <PortfoliosPage /> })
  return requests
}

describe("the portfolios page", () => {
  it("creates a portfolio, checking the name in the browser and showing the server's refusal on it", async () => {
    const requests = setUp()
    await screen.findByRole("cell", { name: "Crypto" })
    await userEvent.click(screen.getByRole("button", { name: "New portfolio" }))
    const form = await screen.findByRole("form", { name: "New portfolio" })
    await userEvent.click(within(form).getByRole("button", { name: "Create portfolio" }))
    expect(await within(form).findByText("Name must not be empty")).toBeTruthy()
    expect(requests.filter((r) => r.method === "POST")).toHaveLength(0)

    await userEvent.type(within(form).getByLabelText(/^Name/), "Main")
    await userEvent.click(within(form).getByRole("button", { name: "Create portfolio" }))
    expect(
      await within(form).findAllByText("You already have a portfolio named Main")
    ).not.toHaveLength(0)

    await userEvent.clear(within(form).getByLabelText(/^Name/))
    await userEvent.type(within(form).getByLabelText(/^Name/), "Pension")
    await userEvent.click(within(form).getByRole("radio", { name: "Average cost" }))
    // SPY is offered as the benchmark; emptied, there is none.
    expect((within(form).getByLabelText(/^Benchmark/) as HTMLInputElement).value).toBe("SPY")
    await userEvent.clear(within(form).getByLabelText(/^Benchmark/))
    await userEvent.click(within(form).getByRole("button", { name: "Create portfolio" }))
    expect(await screen.findByRole("cell", { name: "Pension" })).toBeTruthy()
    expect(requests.filter((r) => r.method === "POST").at(-1)?.body).toEqual({
      name: "Pension",
      baseCurrency: "USD",
      costBasisMethod: "average",
      benchmark: null
    })
  })

  it("renames a portfolio", async () => {
    const requests = setUp()
    await screen.findByRole("cell", { name: "Main" })
    await userEvent.click(screen.getByRole("button", { name: "Edit portfolio Main" }))
    const form = await screen.findByRole("form", { name: "Edit portfolio" })
    const name = within(form).getByLabelText(/^Name/)
    await userEvent.clear(name)
    await userEvent.type(name, "Long term")
    await userEvent.click(within(form).getByRole("button", { name: "Save changes" }))
    expect(await screen.findByRole("cell", { name: "Long term" })).toBeTruthy()
    expect(requests.find((r) => r.method === "PATCH")?.body).toMatchObject({ name: "Long term" })
  })

  it("asks again, saying what goes, before deleting a portfolio that holds transactions", async () => {
    const requests = setUp()
    await screen.findByRole("cell", { name: "Crypto" })
    await userEvent.click(screen.getByRole("button", { name: "Delete portfolio Crypto" }))
    const dialog = await screen.findByRole("dialog")
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }))
    expect(await within(dialog).findByText(/holds 3 transaction/)).toBeTruthy()
    await userEvent.click(
      within(dialog).getByRole("button", { name: "Delete it and its transactions" })
    )
    await waitFor(() => expect(screen.queryByRole("cell", { name: "Crypto" })).toBeNull())
    expect(requests.filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual([
      `/api/portfolios/${CRYPTO}?force=false`,
      `/api/portfolios/${CRYPTO}?force=true`
    ])
  })

  it("offers a viewer nothing to change, and says why", async () => {
    useSession.setState({ status: "signedIn", user: { ...user, role: "viewer" } as never })
    try {
      setUp()
      await screen.findByRole("cell", { name: "Crypto" })
      expect(screen.getByRole("button", { name: "New portfolio" })).toHaveProperty("disabled", true)
      expect(screen.queryByRole("button", { name: /^(Edit|Delete) portfolio/ })).toBeNull()
      expect(screen.getByText(/Your role is viewer/)).toBeTruthy()
    } finally {
      useSession.setState({ status: "signedOut", user: null })
    }
  })
})
