import { describe, expect, inject, it } from "vitest"
import { embeddedMarket } from "../../server/test/support/embeddedMarket.js"
import {
  browserForFile,
  callApi,
  newEmail,
  screenshot,
  signIn,
  signUpElsewhere,
  viewports
} from "./browser.js"

const browser = browserForFile()

describe("paper orders", () => {
  it("places a market buy by hand, sees it fill against the feed, and cancels a limit sell", async () => {
    const { dataDir, pgPort } = inject("embedded")
    const market = await embeddedMarket(dataDir, pgPort)
    const symbol = `PO${Date.now().toString(36).toUpperCase().slice(-5)}`
    await market.instrument(symbol)
    await market.trade(symbol, "100")
    const email = newEmail("orders")
    const { token } = await signUpElsewhere(email)
    const context = await browser.newContext()
    const page = await context.newPage()
    try {
      await signIn(page, email)
      await page.getByRole("link", { name: "Paper orders" }).click()
      await page.getByRole("heading", { name: "Paper orders", level: 1 }).waitFor()
      await page.getByText("No paper connection").waitFor()
      await callApi(token, "POST", "/api/connections", {
        name: "Paper",
        exchange: "binance",
        mode: "paper"
      })
      await page.reload()
      await page.getByText("No orders yet.").waitFor()

      const ticket = page.getByRole("form", { name: "Order ticket" })
      await ticket.getByLabel(/^Instrument/).fill(symbol)
      await page
        .getByRole("option", { name: new RegExp(symbol) })
        .first()
        .click()
      // A quantity that is not a number is refused where it is typed.
      await ticket.getByLabel(/^Quantity/).fill("two")
      await ticket.getByRole("button", { name: "Place buy order" }).click()
      await ticket.getByText(/^Must be/).waitFor()
      await ticket.getByLabel(/^Quantity/).fill("2")
      await ticket.getByRole("button", { name: "Place buy order" }).click()
      await page.getByText("Buy order placed").waitFor()
      const orders = page.getByRole("table", { name: "Orders" })
      const buy = orders.getByRole("row", { name: new RegExp(`Buy ${symbol}`) })
      await buy.getByText("Open").waitFor()

      // The next trade fills it: 2 at 100.05.
      await market.trade(symbol, "100")
      await buy.getByText("Filled").waitFor({ timeout: 30_000 })
      await expect.poll(() => buy.textContent()).toContain("100.05")

      // A limit sell at 110 waits; cancelled, nothing of it fills.
      await ticket.getByText("Sell", { exact: true }).click()
      await ticket.getByText("Limit", { exact: true }).click()
      await ticket.getByLabel(/^Quantity/).fill("1")
      await ticket.getByLabel(/^Limit price/).fill("110")
      await ticket.getByRole("button", { name: "Place sell order" }).click()
      await page.getByText("Sell order placed").waitFor()
      const sell = orders.getByRole("row", { name: new RegExp(`Sell ${symbol}`) })
      await sell.getByText("Open").waitFor()
      await screenshot(page, "orders-desktop")
      await page.setViewportSize(viewports.phone)
      await screenshot(page, "orders-phone")
      await page.setViewportSize(viewports.desktop)
      await page.getByRole("button", { name: `Cancel the sell order of ${symbol}` }).click()
      await page.getByText("Order cancelled").waitFor()
      await sell.getByText("Cancelled").waitFor()

      // The buy is in the holdings.
      await page.getByRole("link", { name: "Dashboard" }).click()
      const holding = page
        .getByRole("table", { name: "Holdings" })
        .getByRole("row", { name: new RegExp(symbol) })
      await expect.poll(() => holding.textContent(), { timeout: 15_000 }).toContain("2")
    } finally {
      await context.close()
      await market.close()
    }
  }, 120_000)
})
