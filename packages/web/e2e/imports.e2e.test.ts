import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { browserForFile, newEmail, register, screenshot, viewports } from "./browser.js"

const browser = browserForFile()

const GHOSTFOLIO =
  "Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note\n" +
  "02-09-2025,MSFT,YAHOO,USD,298.58,5,buy,1.00,First order\n" +
  "17-11-2025,MSFT,YAHOO,USD,0.62,5,dividend,0.00,\n" +
  "18-11-2025,MSFT,YAHOO,USD,300,2,sell,1.5,\n"

const BINANCE =
  "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n" +
  "2025-02-01 10:00:00,BTCUSDT,BUY,42000,0.01BTC,420USDT,0.00001BTC\n" +
  "2025-02-01 10:00:00,BTCUSDT,BUY,42000,0.01BTC,420USDT,0.00001BTC\n" +
  "2025-02-02 10:00:00,BTCUSDT,SELL,43000,0.005BTC,215USDT,0.1USDT\n" +
  "2025-02-03 10:00:00,BTCUSDT,BUY,43000,0.01BTC,430USDT,0.0005BNB\n"

const fileOf = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "import-")), name)
  writeFileSync(path, text)
  return path
}

/** Chooses a file and waits for its review. */
const review = async (page: Page, path: string) => {
  await page.locator('input[type="file"]').setInputFiles(path)
  await page.getByRole("button", { name: "Upload and review" }).click()
  await page.getByRole("table", { name: "Rows of the file" }).waitFor()
}

const transactionRows = async (page: Page) => {
  await page.goto("/transactions")
  const table = page.getByRole("table", { name: "Transactions" })
  await table.locator("tbody tr").first().waitFor()
  return table.locator("tbody tr").count()
}

describe("importing and exporting activities", () => {
  it("imports a Ghostfolio file and a broker file with a duplicate and a bad row, adds nothing again, undoes, and round-trips the export", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("import"))
    await page.getByRole("link", { name: "Import and export" }).click()
    await page.getByRole("heading", { name: "Import and export" }).waitFor()
    await page.getByText("No file was imported into this portfolio yet.").waitFor()

    // Ghostfolio: recognised, every row ready, committed.
    const ghostfolio = fileOf("ghostfolio.csv", GHOSTFOLIO)
    await review(page, ghostfolio)
    await expect(
      page
        .locator("input")
        .and(page.getByLabel("Format", { exact: true }))
        .inputValue()
    ).resolves.toBe("Ghostfolio")
    await page.getByRole("button", { name: "Import 3 activities" }).click()
    await page.getByText("3 activities added from").waitFor()

    // The same file again: all duplicates, nothing to import.
    await review(page, ghostfolio)
    await page.getByRole("button", { name: "Duplicates 3" }).waitFor()
    await expect(
      page.getByRole("button", { name: "Nothing to import" }).isDisabled()
    ).resolves.toBe(true)
    await page.getByRole("button", { name: "Cancel this import" }).click()

    // Binance: a repeated row and a fee in BNB, fixed in the review.
    await review(page, fileOf("binance.csv", BINANCE))
    const grid = page.getByRole("table", { name: "Rows of the file" })
    await grid.getByText("Repeats Row 2 (same day, type, symbol, amounts)").waitFor()
    await grid.getByText(/The fee was paid in BNB/).waitFor()
    await screenshot(page, "import-review-desktop")
    await grid.getByRole("button", { name: "Fix" }).nth(3).click()
    await page.getByLabel("Row 5, new value").fill("0.05USDT")
    await page.getByRole("button", { name: "Apply" }).click()
    await page.getByRole("button", { name: "Import 3 activities" }).click()
    await page.getByText("3 activities added from").waitFor()
    const runs = page.getByRole("table", { name: "Earlier imports" })
    await runs.getByRole("row", { name: /binance\.csv/ }).waitFor()
    await expect(runs.locator("tbody tr").count()).resolves.toBe(2)
    expect(await transactionRows(page)).toBe(6)

    // Undo the broker import.
    await page.goto("/import")
    await runs
      .getByRole("row", { name: /binance\.csv/ })
      .getByRole("button", { name: "Undo" })
      .click()
    await page.getByText(/The 3 activities of binance\.csv were removed/).waitFor()
    expect(await transactionRows(page)).toBe(3)

    // Export, then import the file into a new portfolio: the same ledger.
    await page.goto("/import")
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download activities (CSV)" }).click()
    ])
    const exported = readFileSync((await download.path())!, "utf8")
    expect(exported.split("\r\n")[0]).toMatch(/^date,type,symbol,quantity,price,fee,amount/)
    await page.goto("/portfolios")
    await page.getByRole("button", { name: "New portfolio" }).click()
    const form = page.getByRole("form", { name: "New portfolio" })
    await form.getByLabel("Name").fill("Copy")
    await form.getByRole("button", { name: "Create portfolio" }).click()
    await page.getByRole("cell", { name: "Copy", exact: true }).waitFor()
    await page.goto("/import")
    await page
      .locator("input")
      .and(page.getByLabel("Portfolio", { exact: true }))
      .click()
    await page.getByRole("option", { name: "Copy", exact: true }).click()
    await review(page, fileOf("export.csv", exported))
    await expect(
      page
        .locator("input")
        .and(page.getByLabel("Format", { exact: true }))
        .inputValue()
    ).resolves.toBe("trading-app (this app's export)")
    await page.getByRole("button", { name: "Import 3 activities" }).click()
    await page.getByText("3 activities added from").waitFor()
    expect(await transactionRows(page)).toBe(6)

    // Dark, at 1440 and 390 px: a review and the earlier imports.
    await page.goto("/import")
    await page.getByRole("button", { name: "Switch to dark theme" }).click()
    await review(page, fileOf("binance.csv", BINANCE))
    await page.setViewportSize({ width: 1440, height: 900 })
    await screenshot(page, "import-review-dark-desktop")
    await page.setViewportSize(viewports.phone)
    await screenshot(page, "import-review-dark-phone")
  })
})
