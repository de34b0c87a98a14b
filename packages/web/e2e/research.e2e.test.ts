import { describe, expect, it } from "vitest"
import {
  browserForFile,
  fromTemplate,
  newEmail,
  register,
  screenshot,
  viewports
} from "./browser.js"

const browser = browserForFile()

describe("strategy research", () => {
  it("saves a strategy from a template, backtests it, and opens its report", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("researcher"))
    await page.getByRole("link", { name: "Strategies" }).click()
    await page.getByRole("heading", { name: "Strategies" }).waitFor()
    await page.getByText("No strategies yet").waitFor()
    await screenshot(page, "strategies-desktop")

    await fromTemplate(page, "SMA crossover", "BTC-USD", "1h")
    await page.getByText("In words: SMA 20 crosses above SMA 50").first().waitFor()

    // A mistake in the rules is named where it is, and saving waits for it to be fixed.
    const entry = page.getByLabel(/^Entry rules/)
    const rules = await entry.inputValue()
    await entry.fill(rules.replace('"period": 20', '"period": 0'))
    await page
      .getByText("of.0.left.period", { exact: false })
      .waitFor()
      .catch(() => {})
    await page.getByText(/period must be a whole number from 1 to 1000/).waitFor()
    await expect
      .poll(() => page.getByRole("button", { name: "Save strategy" }).isDisabled())
      .toBe(true)
    await entry.fill(rules)
    await page.getByText("The document is valid.").waitFor()
    await screenshot(page, "strategy-editor-desktop")
    await page.getByRole("button", { name: "Save strategy" }).click()
    await page.getByText("version 1").waitFor()

    // Two months of hourly candles of the sample market.
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    await page
      .getByRole("form", { name: "New backtest" })
      .getByLabel("From", { exact: true })
      .fill(day(-60))
    await page
      .getByRole("form", { name: "New backtest" })
      .getByLabel("To", { exact: true })
      .fill(day(0))
    await page.getByRole("button", { name: "Run backtest" }).click()
    const table = page.getByRole("table", { name: "Backtests" })
    await table.getByRole("row").nth(1).waitFor()
    await expect
      .poll(async () => (await table.getByRole("row").nth(1).textContent()) ?? "", {
        timeout: 30_000
      })
      .toMatch(/[+-−]?\d+\.\d\d%/)
    await table.getByRole("row").nth(1).getByRole("link").click()

    await page.getByRole("heading", { name: /^Backtest of SMA crossover/ }).waitFor()
    await page.getByText("Buy and hold", { exact: true }).first().waitFor()
    await page.getByTestId("equity-chart").waitFor()
    await page.getByTestId("candle-chart").waitFor()
    const figures = await page.locator("dl").first().textContent()
    expect(figures).toMatch(/Return.*Buy and hold.*Max drawdown.*Sharpe.*Trades/)
    await screenshot(page, "backtest-report-desktop")
    await page.setViewportSize(viewports.phone)
    await screenshot(page, "backtest-report-phone")
    await page.setViewportSize(viewports.desktop)

    // A search over both averages' periods, in and out of sample.
    await page.getByRole("link", { name: "SMA crossover", exact: true }).click()
    await page.getByRole("heading", { name: "Parameter searches" }).waitFor()
    await page.getByLabel("Parameter 1").first().click()
    await page.getByRole("option", { name: "entry.left.period", exact: true }).click()
    await page.getByRole("button", { name: "Add a parameter" }).click()
    await page.getByLabel("Parameter 2").first().click()
    await page.getByRole("option", { name: "entry.right.period", exact: true }).click()
    await page.getByRole("button", { name: "Run search" }).click()
    const searches = page.getByRole("table", { name: "Parameter searches" })
    await expect
      .poll(async () => (await searches.getByRole("row").nth(1).textContent()) ?? "", {
        timeout: 60_000
      })
      .toMatch(/Ready: \d+ sets tested/)
    await searches.getByRole("row").nth(1).getByRole("link").click()
    await page.getByRole("heading", { name: /^Parameter search of SMA crossover/ }).waitFor()
    await page.getByRole("img", { name: /Sharpe in sample: entry.left.period across/ }).waitFor()
    expect(
      await page.getByRole("table", { name: "Results" }).getByRole("row").count()
    ).toBeGreaterThan(4)
    await screenshot(page, "parameter-search-desktop")
  })

  it("drafts a strategy from a research document through the Librarian, backtests it, and opens the report", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("reader"))
    await page.getByRole("link", { name: "Research" }).click()
    await page.getByRole("heading", { name: "Research documents" }).waitFor()
    await page.getByText("No documents yet").waitFor()
    const notes = [
      "# Bitcoin trend notes (BTC-USD)",
      "",
      "On hourly candles, buy when the 10-hour moving average crosses above the 30-hour moving average.",
      "Use a 3% stop loss."
    ].join("\n")
    await page.locator('input[type="file"]').setInputFiles({
      name: "trend-notes.md",
      mimeType: "text/markdown",
      buffer: Buffer.from(notes)
    })
    await page.getByRole("button", { name: "Upload and read" }).click()

    await page.getByRole("heading", { name: "Bitcoin trend notes (BTC-USD)" }).waitFor()
    await page.getByText("Read; 1 strategy draft to review").waitFor({ timeout: 30_000 })
    await page.getByText("SMA 10/30 crossover").waitFor()
    // The draft next to the passage it came from.
    await page.getByText("Use a 3% stop loss.").first().waitFor()
    await screenshot(page, "research-document-desktop")
    await page.getByRole("link", { name: "Review in the editor" }).click()

    await page.getByRole("heading", { name: "New strategy" }).waitFor()
    await page.getByText(/Drafted by the Librarian from “trend-notes.md”/).waitFor()
    expect(await page.getByLabel(/^Instruments/).inputValue()).toBe("BTC-USD")
    await page.getByText("In words: SMA 10 crosses above SMA 30").waitFor()
    await page.getByText("The document is valid.").waitFor()
    await page.getByRole("button", { name: "Save strategy" }).click()
    await page.getByText("version 1").waitFor()

    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    await page
      .getByRole("form", { name: "New backtest" })
      .getByLabel("From", { exact: true })
      .fill(day(-30))
    await page
      .getByRole("form", { name: "New backtest" })
      .getByLabel("To", { exact: true })
      .fill(day(0))
    await page.getByRole("button", { name: "Run backtest" }).click()
    const table = page.getByRole("table", { name: "Backtests" })
    await expect
      .poll(async () => (await table.getByRole("row").nth(1).textContent()) ?? "", {
        timeout: 30_000
      })
      .toMatch(/\d+\.\d\d%/)
    await table.getByRole("row").nth(1).getByRole("link").click()
    await page.getByRole("heading", { name: /^Backtest of SMA 10\/30 crossover/ }).waitFor()
    await page.getByTestId("equity-chart").waitFor()
    await page
      .getByRole("table", { name: "Trades" })
      .or(page.getByText("No trades"))
      .first()
      .waitFor()

    // Back at the document, the draft says what it became.
    await page.getByRole("link", { name: "Research" }).click()
    await page.getByRole("link", { name: "Bitcoin trend notes (BTC-USD)" }).click()
    await page.getByText("Saved as").waitFor()
  })
})
