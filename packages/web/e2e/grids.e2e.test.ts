import { describe, expect, it } from "vitest"
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

describe("DCA grids", () => {
  it("plans a grid: every order, the average and take-profit after each, and the capital", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("planner"))
    await page.getByRole("link", { name: "Grids" }).click()
    await page.getByRole("heading", { name: "DCA grids" }).waitFor()
    await page.getByText("Enter an entry price and the settings").waitFor()

    // An instrument fills in its latest price.
    await page.getByLabel(/^Instrument/).fill("BTC-USD")
    await page
      .getByRole("option", { name: /BTC-USD/ })
      .first()
      .click()
    await expect.poll(() => page.getByLabel("Entry price").inputValue()).toMatch(/^\d+(\.\d+)?$/)

    // The grid of the unit tests: from 100, safety orders at 1%, 3% and 7% of 50, 100 and 200.
    const form = page.getByRole("form", { name: "Grid settings" })
    await form.getByLabel("Entry price").fill("100")
    await fillGrid(form, TEST_GRID)
    await form.getByRole("button", { name: "Show the orders" }).click()
    const table = page.getByRole("table", { name: "Grid orders" })
    await table.getByRole("row").nth(4).waitFor()
    await page.getByText(/Capital it can use: \$?450(\.00)?/).waitFor()
    const last = (await table.getByRole("row").nth(4).textContent()) ?? ""
    expect(last).toMatch(/^Safety order 3\s*7%\s*93(\.00)?/)
    expect(last).toContain("96.98")
    // The orders and the final take-profit across the instrument's candles.
    const chart = page.getByTestId("candle-chart")
    await chart.locator("canvas").first().waitFor()
    await expect.poll(() => chart.getAttribute("aria-label")).toMatch(/BTC-USD .*, 5 price levels$/)
    await screenshot(page, "grids-desktop")
    await page.setViewportSize(viewports.phone)
    await screenshot(page, "grids-phone")
    await page.setViewportSize(viewports.desktop)

    // A grid that would reach a price of zero is refused at the setting that does it.
    await form.getByLabel("Deviation %", { exact: true }).fill("10")
    await form.getByLabel("Safety orders", { exact: true }).fill("4")
    await form.getByRole("button", { name: "Show the orders" }).click()
    await page
      .getByText(/Safety order 4 would be 150% below the entry/)
      .first()
      .waitFor()
    await context.close()
  })
})
