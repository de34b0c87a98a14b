import { describe, expect, inject, it } from "vitest"
import { embeddedMarket } from "../../server/test/support/embeddedMarket.js"
import {
  browserForFile,
  fillGrid,
  newEmail,
  register,
  screenshot,
  TEST_GRID,
  viewports
} from "./browser.js"

const browser = browserForFile()

describe("the execution engine", () => {
  it("follows a TradingView alert through the grid's fills to its take-profit on the paper exchange, with the fills in the holdings", async () => {
    const { dataDir, pgPort } = inject("embedded")
    const market = await embeddedMarket(dataDir, pgPort)
    // An instrument of this test's own, so that it alone moves the price.
    const symbol = `E2E${Date.now().toString(36).toUpperCase().slice(-5)}`
    await market.instrument(symbol)
    await market.trade(symbol, "100")
    const context = await browser.newContext()
    const page = await context.newPage()
    try {
      await register(page, newEmail("engine"))

      // A paper connection, then a bot on the instrument with a grid of two safety orders.
      await page.getByRole("link", { name: "Connections" }).click()
      await page.getByRole("button", { name: "Add connection" }).click()
      const connection = page.getByRole("form", { name: "New connection" })
      await connection.getByLabel("Name").fill("Paper")
      await connection.getByRole("button", { name: "Connect" }).click()
      await page.getByRole("table", { name: "Exchange connections" }).getByText("Working").waitFor()

      await page.getByRole("link", { name: "Bots" }).click()
      await page.getByRole("heading", { name: "Bots", exact: true }).waitFor()
      await page.getByText("No bots yet.").waitFor()
      await page.getByRole("button", { name: "Add bot" }).click()
      const form = page.getByRole("form", { name: "New bot" })
      await form.getByLabel("Name").fill("Grid bot")
      await form.getByLabel(/^Connection/).click()
      await page.getByRole("option", { name: "Paper (paper)" }).click()
      await form.getByLabel(/^Portfolio/).click()
      await page.getByRole("option").first().click()
      await form.getByLabel(/^Instrument/).fill(symbol)
      await page
        .getByRole("option", { name: new RegExp(symbol) })
        .first()
        .click()
      await fillGrid(form, { ...TEST_GRID, "Safety orders": "2" })
      await form.getByRole("button", { name: "Add bot" }).click()
      await page.getByRole("table", { name: "Bots" }).getByText("Grid bot").waitFor()

      // The webhook: its address, and its secret shown once.
      await page.getByRole("button", { name: "Make my webhook" }).click()
      const secret = (await page.getByTestId("hook-secret").textContent()) ?? ""
      const url =
        (await page
          .getByText(/\/api\/hooks\/tv\//)
          .first()
          .textContent()) ?? ""
      expect(url).toMatch(/^http:\/\/[\w.]+:\d+\/api\/hooks\/tv\/[\w-]+$/)
      const message = JSON.parse(
        (await page.getByLabel("Alert message").textContent()) ?? "{}"
      ) as Record<string, string>
      expect(message.secret).toBe(secret)
      await screenshot(page, "bots-desktop")
      await page.setViewportSize(viewports.phone)
      await screenshot(page, "bots-phone")
      await page.setViewportSize(viewports.desktop)

      // TradingView posts the alert, its placeholders filled in.
      const posted = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          ...message,
          ticker: symbol,
          action: "buy",
          contracts: "1",
          price: "100",
          marketPosition: "long",
          prevMarketPosition: "flat",
          time: new Date().toISOString(),
          id: "e2e-entry"
        })
      })
      expect(posted.status).toBe(202)
      const signals = page.getByRole("table", { name: "Signals received" })
      await signals.getByText("Opened a group").waitFor({ timeout: 15_000 })
      await signals.getByRole("link", { name: "Its group" }).click()
      await page.getByRole("heading", { name: `Grid bot: ${symbol}` }).waitFor()
      const orders = page.getByRole("table", { name: "Orders" })
      await orders
        .getByRole("row", { name: /Safety 2/ })
        .getByText("Open")
        .waitFor()

      // The base fills at the next trade; the first safety order when the price reaches 99.
      await market.trade(symbol, "100")
      await orders
        .getByRole("row", { name: /Take-profit/ })
        .getByText("Open")
        .waitFor({ timeout: 30_000 })
      await market.trade(symbol, "98.9")
      await orders
        .getByRole("row", { name: /Safety 1/ })
        .getByText("Filled")
        .waitFor({ timeout: 30_000 })
      // The take-profit moved to 1% above the new average entry.
      await orders
        .getByRole("row", { name: /Take-profit.*100\.6946/ })
        .getByText("Open")
        .waitFor({ timeout: 30_000 })
      await screenshot(page, "group-desktop")

      // The fills are in the holdings: 1 + 0.505050505.
      await page.getByRole("link", { name: "Dashboard" }).click()
      const holding = page
        .getByRole("table", { name: "Holdings" })
        .getByRole("row", { name: new RegExp(symbol) })
      await expect.poll(() => holding.textContent(), { timeout: 15_000 }).toContain("1.505050505")

      // Up to 101: the take-profit sells it all; the group is closed.
      await market.trade(symbol, "101")
      await page.getByRole("link", { name: "Groups" }).click()
      await page.getByLabel("Groups shown").getByText("Closed").click()
      const closed = page.getByRole("table", { name: "Position groups" })
      await closed.getByText("Take-profit filled").waitFor({ timeout: 30_000 })

      // The kill switch halts the bots, and trading resumes.
      await page.getByRole("button", { name: "Halt trading" }).click()
      const halt = page.getByRole("dialog", { name: "Halt your bots" })
      await halt.getByLabel("Reason (optional)").fill("Going on holiday")
      await halt.getByRole("button", { name: "Halt trading" }).click()
      await page.getByText(/Your kill switch is engaged since .*: Going on holiday\./).waitFor()
      await page.getByRole("button", { name: "Resume trading" }).click()
      await page.getByText("Your kill switch is off.").waitFor()
      await page.getByRole("link", { name: "Dashboard" }).click()
      await expect
        .poll(
          async () => (await page.getByRole("table", { name: "Holdings" }).textContent()) ?? "",
          {
            timeout: 15_000
          }
        )
        .not.toContain("1.505050505")
    } finally {
      await context.close()
      await market.close()
    }
  }, 180_000)
})
