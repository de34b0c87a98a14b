import { screen, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it, vi } from "vitest"
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

  it("shows the server's refusal of an oversell next to the quantity", async () => {
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
            message: "Selling 5 AAPL would sell more than the 0 held then",
            issues: [
              { path: ["quantity"], message: "Selling 5 AAPL would sell more than the 0 held then" }
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
    await userEvent.click(
      within(screen.getByRole("radiogroup", { name: "Side" })).getByText("Sell")
    )
    await userEvent.type(screen.getByLabelText(/^Quantity/), "5")
    await userEvent.click(screen.getByRole("button", { name: "Record transaction" }))
    const messages = await screen.findAllByText(
      "Selling 5 AAPL would sell more than the 0 held then"
    )
    expect(messages.length).toBeGreaterThanOrEqual(1)
    const quantity = screen.getByLabelText(/^Quantity/)
    expect(quantity.getAttribute("aria-invalid")).toBe("true")
    const sent = requests.find((r) => r.method === "POST")
    expect(sent?.body).toMatchObject({
      symbol: "AAPL",
      side: "sell",
      quantity: "5",
      price: "270.5"
    })
    expect(sent?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/)
    expect(onSaved).not.toHaveBeenCalled()
  })
})
