import { screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it } from "vitest"
import { usePortfolios } from "../src/stores/portfolios.js"
import TransactionsPage from "../src/transactions/TransactionsPage.js"
import { fakeApi } from "./fakeApi.js"
import { renderAt } from "./render.js"

const portfolioId = "0b6f2f0e-6d3e-4c1a-9a8e-4d2b1c0f9e01"
const row = (n: number, symbol = "AAPL") => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  portfolioId,
  type: "buy",
  symbol,
  quantity: String(n),
  price: "100",
  fee: "0",
  currency: "USD",
  executedAt: `2026-01-${String(n).padStart(2, "0")}T10:00:00.000Z`,
  note: null,
  createdAt: "2026-01-01T10:00:00.000Z",
  updatedAt: "2026-01-01T10:00:00.000Z"
})

const setUp = (
  deleteStatus = 204,
  firstPage: ReadonlyArray<object> = [row(3), row(2, "MSFT")],
  path = "/transactions"
) => {
  usePortfolios.setState({
    items: [
      {
        id: portfolioId,
        name: "Main",
        baseCurrency: "USD",
        costBasisMethod: "fifo",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-01T00:00:00.000Z"
      } as never
    ]
  })
  const requests = fakeApi((r) => {
    if (r.method === "GET" && r.path.startsWith("/api/transactions?")) {
      const query = new URL(r.path, "http://x").searchParams
      if (query.get("cursor") === "page-2")
        return { status: 200, body: { items: [row(1)], nextCursor: null, total: null } }
      const items = query.get("type") === "sell" ? [] : firstPage
      return {
        status: 200,
        body: {
          items,
          nextCursor: items.length ? "page-2" : null,
          total: items.length ? items.length + 1 : 0
        }
      }
    }
    if (r.method === "DELETE")
      return deleteStatus === 204
        ? { status: 204 }
        : {
            status: 422,
            body: {
              _tag: "Unprocessable",
              message: "Deleting it would leave a later sale short",
              issues: []
            }
          }
    return undefined
  })
  renderAt(path, { "/transactions": <TransactionsPage /> })
  return requests
}

const listQueries = (requests: ReturnType<typeof fakeApi>) =>
  requests
    .filter((r) => r.method === "GET")
    .map((r) => Object.fromEntries(new URL(r.path, "http://x").searchParams))

describe("the transactions page", () => {
  it("pages with the keyset cursor, counts, orders by any figure column, and filters", async () => {
    const requests = setUp()
    await screen.findByRole("cell", { name: "MSFT" })
    expect(screen.getByTestId("transactions-total").textContent).toBe("3 transactions, 2 shown")
    await userEvent.click(screen.getByRole("button", { name: "Load more" }))
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(4))
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull()
    expect(screen.getByTestId("transactions-total").textContent).toBe("3 transactions")
    expect(listQueries(requests).at(-1)).toMatchObject({ cursor: "page-2", order: "desc" })

    await userEvent.click(screen.getByRole("button", { name: "Date ↓" }))
    await waitFor(() => expect(listQueries(requests).at(-1)).toMatchObject({ order: "asc" }))
    expect(listQueries(requests).at(-1)?.cursor).toBeUndefined()
    // Another column starts with the largest first; pressed again, the smallest.
    await userEvent.click(screen.getByRole("button", { name: "Amount" }))
    await waitFor(() =>
      expect(listQueries(requests).at(-1)).toMatchObject({ sort: "amount", order: "desc" })
    )
    expect(screen.getByRole("columnheader", { name: "Amount ↓" }).getAttribute("aria-sort")).toBe(
      "descending"
    )
    await userEvent.click(screen.getByRole("button", { name: "Amount ↓" }))
    await waitFor(() =>
      expect(listQueries(requests).at(-1)).toMatchObject({ sort: "amount", order: "asc" })
    )

    await userEvent.type(screen.getByLabelText("Symbol or name"), "aapl")
    await waitFor(() => expect(listQueries(requests).at(-1)).toMatchObject({ q: "aapl" }))
    await userEvent.type(screen.getByLabelText("From"), "2026-01-02")
    await waitFor(() => expect(listQueries(requests).at(-1)?.from).toBeDefined())
    const from = new Date(listQueries(requests).at(-1)?.from ?? "")
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([
      2026, 0, 2, 0
    ])
  })

  it("takes its filters and order from the URL, so a reload or a shared link keeps them", async () => {
    const requests = setUp(204, undefined, "/transactions?q=sap&type=buy&sort=symbol&order=asc")
    await screen.findByRole("cell", { name: "MSFT" })
    expect(listQueries(requests)[0]).toMatchObject({
      q: "sap",
      type: "buy",
      sort: "symbol",
      order: "asc"
    })
    expect((screen.getByLabelText("Symbol or name") as HTMLInputElement).value).toBe("sap")
  })

  it("deletes at once after confirmation, and puts the row back when the server refuses", async () => {
    setUp(422)
    await screen.findByRole("cell", { name: "MSFT" })
    await userEvent.click(screen.getByRole("button", { name: /^Delete Buy 2 MSFT/ }))
    const dialog = await screen.findByRole("dialog")
    expect(dialog.textContent).toMatch(/cannot be undone/)
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }))
    expect(await screen.findByText("Not deleted")).toBeTruthy()
    expect(screen.getByText("Deleting it would leave a later sale short")).toBeTruthy()
    // Back in its place, second after AAPL.
    const symbols = screen.getAllByRole("row").map((r) => r.querySelectorAll("td")[3]?.textContent)
    expect(symbols.slice(1)).toEqual(["AAPL", "MSFT"])
  })

  it("shows each type with its own figures", async () => {
    const { symbol: _s, quantity: _q, price: _p, fee: _f, ...common } = row(4)
    setUp(204, [
      { ...common, id: row(5).id, type: "deposit", amount: "1000" },
      {
        ...common,
        id: row(6).id,
        type: "dividend",
        symbol: "AAPL",
        amount: "20",
        withholdingTax: "3"
      },
      {
        ...common,
        id: row(7).id,
        type: "split",
        symbol: "AAPL",
        sharesBefore: "1",
        sharesAfter: "4"
      }
    ])
    const cells = async (type: string) => {
      const badge = await screen.findByText(type, { selector: "table *" })
      return [...badge.closest("tr")!.querySelectorAll("td")].map((td) => td.textContent)
    }
    expect((await cells("Deposit")).slice(3, 8)).toEqual(["", "—", "—", "$1,000.00", "—"])
    expect((await cells("Dividend")).slice(3, 8)).toEqual(["AAPL", "—", "—", "$20.00", "$3.00"])
    expect((await cells("Split")).slice(3, 5)).toEqual(["AAPL", "4 for 1"])
    expect(screen.getByRole("button", { name: /^Delete Deposit of \$1,000\.00/ })).toBeTruthy()
  })
})
