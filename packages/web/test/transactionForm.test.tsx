import { screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it, vi } from "vitest"
import { formatDateTime } from "../src/lib/format.js"
import { usePortfolios } from "../src/stores/portfolios.js"
import { TransactionForm } from "../src/transactions/TransactionForm.js"
import { fakeApi } from "./fakeApi.js"
import { renderAt } from "./render.js"

const portfolio = {
  id: "0b6f2f0e-6d3e-4c1a-9a8e-4d2b1c0f9e01",
  name: "Main",
  baseCurrency: "USD",
  costBasisMethod: "fifo",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z"
} as const

const renderForm = (onSaved = vi.fn()) => {
  usePortfolios.setState({ items: [portfolio as never], selectedId: portfolio.id as never })
  renderAt("/", {
    "/": <TransactionForm defaultPortfolioId={portfolio.id} onSaved={onSaved} onCancel={() => {}} />
  })
  return onSaved
}

/** Picks an activity type in the form's Type select. */
const chooseType = async (label: string) => {
  await userEvent.click(screen.getAllByLabelText(/^Type/)[0]!)
  await userEvent.click(await screen.findByRole("option", { name: label }))
}

describe("the transaction form", () => {
  it("checks the input with the domain Schemas before sending", async () => {
    const requests = fakeApi(() => undefined)
    renderForm()
    await userEvent.type(screen.getByLabelText(/^Quantity/), "0")
    await userEvent.type(screen.getByLabelText(/^Price/), "12,5")
    await userEvent.click(screen.getByRole("button", { name: "Record transaction" }))
    expect(await screen.findByText("Quantity must be greater than 0")).toBeTruthy()
    expect(screen.getByText(/Must be a non-negative decimal number/)).toBeTruthy()
    expect(requests).toHaveLength(0)
  })

  it("shows the server's refusal of an oversell next to the quantity, in local time", async () => {
    const AT = "2026-11-20T15:00:00.000Z"
    const requests = fakeApi((r) => {
      if (r.path.startsWith("/api/market/instruments"))
        return {
          status: 200,
          body: {
            items: [
              {
                symbol: "AAPL",
                name: "Apple Inc.",
                assetClass: "equity",
                baseCurrency: null,
                quoteCurrency: "USD",
                active: true
              }
            ]
          }
        }
      if (r.path.startsWith("/api/market/prices"))
        return {
          status: 200,
          body: {
            items: [
              { symbol: "AAPL", price: "270.5", time: "2026-11-23T10:00:00.000Z", source: "trade" }
            ],
            missing: []
          }
        }
      if (r.method === "POST" && r.path === "/api/transactions")
        return {
          status: 422,
          body: {
            _tag: "Unprocessable",
            message: `Selling 5 AAPL on ${AT} would sell more than the 0 held then`,
            issues: [
              {
                path: ["quantity"],
                message: `Selling 5 AAPL on ${AT} would sell more than the 0 held then`
              }
            ]
          }
        }
      return undefined
    })
    const onSaved = renderForm()
    await userEvent.type(screen.getByLabelText(/^Instrument/), "AAP")
    await userEvent.click(await screen.findByRole("option", { name: /AAPL/ }))
    // The latest price and the quote currency are filled in from the market data.
    expect(await screen.findByDisplayValue("270.5")).toBeTruthy()
    expect((screen.getByLabelText(/^Currency/) as HTMLInputElement).value).toBe("USD")
    await chooseType("Sell")
    await userEvent.type(screen.getByLabelText(/^Quantity/), "5")
    await userEvent.click(screen.getByRole("button", { name: "Record transaction" }))
    // The instant the server names in UTC is shown in the user's time, as the form shows it.
    const messages = await screen.findAllByText(
      `Selling 5 AAPL on ${formatDateTime(AT)} would sell more than the 0 held then`
    )
    expect(messages.length).toBeGreaterThanOrEqual(1)
    const quantity = screen.getByLabelText(/^Quantity/)
    expect(quantity.getAttribute("aria-invalid")).toBe("true")
    const sent = requests.find((r) => r.method === "POST")
    expect(sent?.body).toMatchObject({
      type: "sell",
      symbol: "AAPL",
      quantity: "5",
      price: "270.5"
    })
    expect(sent?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/)
    expect(onSaved).not.toHaveBeenCalled()
  })

  it("shows each type's own fields and sends only those", async () => {
    const requests = fakeApi((r) =>
      r.method === "POST"
        ? { status: 422, body: { _tag: "Unprocessable", message: "No", issues: [] } }
        : undefined
    )
    renderForm()
    await chooseType("Deposit")
    expect(screen.queryByLabelText(/^Quantity/)).toBeNull()
    expect(screen.queryByLabelText(/^Instrument/)).toBeNull()
    await userEvent.type(screen.getByLabelText(/^Amount/), "1500")
    await userEvent.type(screen.getByLabelText(/^Currency/), "usd")
    await userEvent.click(screen.getByRole("button", { name: "Record transaction" }))
    await waitFor(() => expect(requests.filter((r) => r.method === "POST")).toHaveLength(1))
    const sent = requests.find((r) => r.method === "POST")?.body as Record<string, unknown>
    expect(Object.keys(sent).sort()).toEqual(
      ["amount", "currency", "executedAt", "note", "portfolioId", "type"].sort()
    )
    expect(sent).toMatchObject({ type: "deposit", amount: "1500", currency: "USD" })

    await chooseType("Split")
    expect(screen.getByLabelText(/^Shares before/)).toBeTruthy()
    expect(screen.getByLabelText(/^Shares after/)).toBeTruthy()
    expect(screen.queryByLabelText(/^Currency/)).toBeNull()
    await chooseType("Dividend")
    expect(screen.getByLabelText(/^Gross amount/)).toBeTruthy()
    expect((screen.getByLabelText(/^Tax withheld/) as HTMLInputElement).value).toBe("0")
  })
})
