import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { browserForFile, newEmail, register, screenshot, viewports } from "./browser.js"

const browser = browserForFile()

/** The quantity the dashboard's holdings table shows for a symbol, or null without a row. */
const heldOnDashboard = async (page: Page, symbol: string) => {
  await page.getByRole("link", { name: "Dashboard" }).click()
  await page.getByRole("heading", { name: "Dashboard" }).waitFor()
  const empty = page.getByText("This portfolio has no transactions yet")
  const row = page.getByRole("table", { name: "Holdings" }).getByRole("row", { name: symbol })
  await Promise.race([empty.waitFor(), row.waitFor()])
  if (await empty.isVisible()) return null
  return (await row.getByRole("cell").nth(1).textContent())?.trim() ?? null
}

const openTransactions = async (page: Page) => {
  await page.getByRole("link", { name: "Transactions" }).click()
  await page.getByRole("heading", { name: "Transactions" }).waitFor()
}

/** Opens the form for a new entry and picks its type. */
const newEntry = async (page: Page, type: string) => {
  await page.getByRole("button", { name: "New transaction" }).click()
  const form = page.getByRole("dialog")
  await form.getByLabel(/^Type/).first().click()
  await page.getByRole("option", { name: type, exact: true }).click()
  return form
}

const pickAapl = async (page: Page) => {
  await page
    .getByRole("dialog")
    .getByLabel(/^Instrument/)
    .fill("AAPL")
  await page.getByRole("option", { name: /AAPL/ }).click()
}

const fillTransaction = async (page: Page, side: "Buy" | "Sell", quantity: string) => {
  const form = await newEntry(page, side)
  await pickAapl(page)
  // The price is suggested from the latest market price.
  await expect.poll(() => form.getByLabel(/^Price/).inputValue()).toMatch(/^\d+(\.\d+)?$/)
  await form.getByLabel(/^Quantity/).fill(quantity)
}

/** Records the entry of the open form: the form closes once the server has it. */
const record = async (page: Page) => {
  await page.getByRole("button", { name: "Record transaction" }).click()
  await page.getByRole("dialog").waitFor({ state: "hidden" })
}

describe("trading", () => {
  it("records, edits and deletes a transaction, and the holdings follow; an oversell shows the server's message", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("trader"))
    await openTransactions(page)
    await page.getByText("No transactions yet").waitFor()

    await fillTransaction(page, "Buy", "10")
    await screenshot(page, "transaction-form-desktop")
    await page.getByRole("button", { name: "Record transaction" }).click()
    await page.getByText("Transaction recorded").waitFor()
    await page.getByRole("cell", { name: "AAPL", exact: true }).waitFor()
    expect(await heldOnDashboard(page, "AAPL")).toBe("10")

    await openTransactions(page)
    await page.getByRole("button", { name: /^Edit Buy 10 AAPL/ }).click()
    await page
      .getByRole("dialog")
      .getByLabel(/^Quantity/)
      .fill("4")
    await page.getByRole("button", { name: "Save changes" }).click()
    await page.getByText("Transaction saved").waitFor()
    expect(await heldOnDashboard(page, "AAPL")).toBe("4")

    await openTransactions(page)
    await fillTransaction(page, "Sell", "5")
    await page.getByRole("button", { name: "Record transaction" }).click()
    const quantity = page.getByRole("dialog").getByLabel(/^Quantity/)
    await expect.poll(() => quantity.getAttribute("aria-invalid")).toBe("true")
    await expect
      .poll(() => page.getByRole("dialog").textContent())
      .toMatch(/would sell more than the 4 held/)
    await screenshot(page, "oversell-refused-desktop")
    await page.getByRole("button", { name: "Cancel" }).click()

    await page.getByRole("button", { name: /^Delete Buy 4 AAPL/ }).click()
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click()
    await page.getByText("Transaction deleted").waitFor()
    await page.getByText("No transactions yet").waitFor()
    expect(await heldOnDashboard(page, "AAPL")).toBeNull()
  })

  it("records a deposit, a dividend and a split; the holdings show the cash, the income and the new quantity", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("activities"))
    await openTransactions(page)

    let form = await newEntry(page, "Deposit")
    await form.getByLabel(/^Amount/).fill("10000")
    await form.getByLabel(/^Currency/).fill("USD")
    await record(page)
    await page.getByRole("cell", { name: "$10,000.00", exact: true }).waitFor()

    await fillTransaction(page, "Buy", "10")
    await record(page)

    form = await newEntry(page, "Dividend")
    await pickAapl(page)
    await form.getByLabel(/^Gross amount/).fill("20")
    await form.getByLabel(/^Tax withheld/).fill("3")
    await expect.poll(() => form.getByLabel(/^Currency/).inputValue()).toBe("USD")
    await screenshot(page, "dividend-form-desktop")
    await record(page)

    form = await newEntry(page, "Split")
    await pickAapl(page)
    await form.getByLabel(/^Shares before/).fill("1")
    await form.getByLabel(/^Shares after/).fill("2")
    await record(page)
    await page.getByRole("cell", { name: "2 for 1", exact: true }).waitFor()
    await screenshot(page, "activities-desktop")

    expect(await heldOnDashboard(page, "AAPL")).toBe("20")
    const holdings = page.getByRole("table", { name: "Holdings" })
    // 20 gross less 3 withheld; the cash row is what the deposit left plus the dividend.
    const aapl = holdings.getByRole("row", { name: /AAPL/ })
    expect(await aapl.getByRole("cell").nth(7).textContent()).toBe("$17.00")
    await holdings.getByRole("row", { name: /Cash USD/ }).waitFor()
    await expect.poll(() => page.getByLabel("Income", { exact: true }).textContent()).toBe("$17.00")
    await screenshot(page, "dashboard-cash-desktop")

    // The position page (of all portfolios, as the dashboard shows them): its figures, its lot
    // split in two, the dividend, the chart.
    await holdings.getByRole("link", { name: "AAPL" }).click()
    await page.getByRole("heading", { name: "AAPL", level: 1 }).waitFor()
    await expect.poll(() => page.getByLabel("Quantity", { exact: true }).textContent()).toBe("20")
    const lots = page.getByRole("table", { name: "Open lots" })
    expect(await lots.getByRole("row").nth(1).getByRole("cell").nth(2).textContent()).toBe("20")
    const dividends = page.getByRole("table", { name: "Dividends" })
    expect(await dividends.getByRole("row").nth(1).getByRole("cell").nth(2).textContent()).toBe(
      "$20.00"
    )
    await page.getByTestId("candle-chart").locator("canvas").first().waitFor()
    await page
      .getByRole("table", { name: "Activities" })
      .getByText("Split of AAPL, 2 for 1")
      .waitFor()
    await screenshot(page, "position-desktop")

    // Dark: the dashboard and the position page at 1440 and 390 px.
    await page.getByRole("button", { name: "Switch to dark theme" }).click()
    await page.setViewportSize({ width: 1440, height: 900 })
    await screenshot(page, "position-dark-desktop")
    await page.getByRole("link", { name: "Dashboard" }).click()
    await holdings.getByRole("row", { name: /Cash USD/ }).waitFor()
    await screenshot(page, "dashboard-cash-dark-desktop")
    await page.setViewportSize(viewports.phone)
    await screenshot(page, "dashboard-cash-dark-phone")
    await holdings.getByRole("link", { name: "AAPL" }).click()
    await page.getByTestId("candle-chart").locator("canvas").first().waitFor()
    await screenshot(page, "position-dark-phone")
  })

  it("creates, renames and deletes portfolios; one with transactions only when asked again", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("portfolios"))
    await page.getByRole("link", { name: "Portfolios" }).click()
    await page.getByRole("heading", { name: "Portfolios" }).waitFor()
    await page.getByRole("cell", { name: "My portfolio", exact: true }).waitFor()

    await page.getByRole("button", { name: "New portfolio" }).click()
    const form = page.getByRole("dialog")
    await form.getByLabel(/^Name/).fill("Pension")
    await form.getByLabel(/^Base currency/).fill("EUR")
    await page.getByRole("option", { name: "EUR", exact: true }).click()
    await form.getByText("Average cost").click()
    await screenshot(page, "portfolio-form-desktop")
    await form.getByRole("button", { name: "Create portfolio" }).click()
    await page.getByText("Portfolio created").waitFor()
    const pension = page.getByRole("row", { name: /Pension/ })
    await expect.poll(() => pension.textContent()).toMatch(/EUR · Average cost/)

    await page.getByRole("button", { name: "Edit portfolio Pension" }).click()
    await page.getByRole("dialog").getByLabel(/^Name/).fill("Retirement")
    await page.getByRole("button", { name: "Save changes" }).click()
    await page.getByText("Portfolio saved").waitFor()
    await page.getByRole("cell", { name: "Retirement", exact: true }).waitFor()
    await page.getByRole("dialog").waitFor({ state: "hidden" })
    await screenshot(page, "portfolios-desktop")

    // A transaction in it: deleting then needs a second, explicit confirmation.
    await openTransactions(page)
    await fillTransaction(page, "Buy", "2")
    await page
      .getByRole("dialog")
      .getByLabel(/^Portfolio/)
      .click()
    await page.getByRole("option", { name: "Retirement" }).click()
    await page.getByRole("button", { name: "Record transaction" }).click()
    await page.getByText("Transaction recorded").waitFor()
    await page.getByRole("link", { name: "Portfolios" }).click()
    await page.getByRole("button", { name: "Delete portfolio Retirement" }).click()
    await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click()
    await page
      .getByRole("dialog")
      .getByText(/holds 1 transaction/)
      .waitFor()
    await page.getByRole("button", { name: "Delete it and its transactions" }).click()
    await page.getByText("Portfolio deleted").waitFor()
    await expect
      .poll(() => page.getByRole("cell", { name: "Retirement", exact: true }).count())
      .toBe(0)
    await openTransactions(page)
    await page.getByText("No transactions yet").waitFor()

    // At phone width the table, its actions included, fits the screen.
    const phone = await (await browser.newContext(viewports.phone)).newPage()
    await register(phone, newEmail("portfolios-phone"))
    await phone.goto("/portfolios")
    await phone.getByRole("button", { name: "Edit portfolio My portfolio" }).waitFor()
    await screenshot(phone, "portfolios-phone")
  })

  it("draws the dashboard's charts and the market's candles, with a live price", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("charts"))
    await openTransactions(page)
    await fillTransaction(page, "Buy", "3")
    await record(page)
    await page.getByRole("link", { name: "Dashboard" }).click()
    const allocation = page.getByRole("list", { name: "Allocation by market value" })
    await allocation.getByText("AAPL", { exact: true }).waitFor()
    await page.getByRole("group", { name: "Allocation by" }).getByText("Asset class").click()
    await allocation.getByText("Equities", { exact: true }).waitFor()
    await page
      .getByRole("figure", { name: "Portfolio value over time" })
      .locator("canvas")
      .first()
      .waitFor()
    await page.getByRole("button", { name: "Return" }).click()
    await page
      .getByRole("figure", { name: "Time-weighted return over time" })
      .locator("canvas")
      .first()
      .waitFor()
    await screenshot(page, "dashboard-desktop")

    await page.getByRole("link", { name: "Markets" }).click()
    await page.getByRole("link", { name: /BTC-USD/ }).click()
    const chart = page.getByTestId("candle-chart")
    await chart.locator("canvas").first().waitFor()
    const box = await chart.boundingBox()
    expect(box?.height).toBeGreaterThan(200)
    await page
      .getByRole("button", { name: "1d" })
      .or(page.getByText("1d", { exact: true }))
      .first()
      .click()
    await expect.poll(() => chart.getAttribute("aria-label")).toMatch(/1d candles/)
    const price = page.getByTestId("latest-price")
    await expect.poll(() => price.textContent()).toMatch(/\$[\d,]+\.\d{2}/)
    const first = await price.textContent()
    // The sample feed prints a BTC-USD trade every 3 s; the page polls for it.
    await expect.poll(() => price.textContent(), { timeout: 20_000 }).not.toBe(first)
    await page.getByRole("table", { name: "Recent trades" }).getByRole("row").nth(1).waitFor()
    // Indicators over the candles, and an oscillator in a pane of its own below them.
    await page.getByText("SMA 20", { exact: true }).click()
    await page.getByText("Bollinger 20, 2", { exact: true }).click()
    await page.getByText("RSI 14", { exact: true }).click()
    await expect
      .poll(() => chart.getAttribute("aria-label"))
      .toMatch(
        /with SMA 20, Bollinger 20, 2 upper, Bollinger 20, 2 middle, Bollinger 20, 2 lower, RSI 14$/
      )
    await expect.poll(async () => (await chart.boundingBox())?.height).toBeGreaterThan(box!.height)
    await screenshot(page, "markets-desktop")
    // The dark theme, kept across a reload.
    await page.getByRole("button", { name: "Switch to dark theme" }).click()
    await page.reload()
    await page.getByRole("button", { name: "Switch to light theme" }).waitFor()
    expect(await page.locator("html").getAttribute("data-mantine-color-scheme")).toBe("dark")
    await chart.locator("canvas").first().waitFor()
    await screenshot(page, "markets-dark-desktop")
    // An unknown symbol: said once, with nothing else asked for it.
    await page.goto("/markets/NOPE")
    await page.getByText("No instrument NOPE").waitFor()
    expect(await page.getByText("No instrument NOPE").count()).toBe(1)
    expect(await page.getByTestId("candle-chart").count()).toBe(0)
    expect(await page.getByRole("table", { name: "Recent trades" }).count()).toBe(0)
  })

  it("shows the user's own position on the market page and records a trade from there", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("market-trade"))
    await page.goto("/markets/AAPL")
    const own = page.getByRole("region", { name: "Your position" })
    await own.getByText("None held in any portfolio.").waitFor()
    await own.getByRole("button", { name: "Record a trade" }).click()
    const form = page.getByRole("dialog", { name: "Trade AAPL" })
    // The instrument, its currency and its latest price are filled in.
    await expect.poll(() => form.getByLabel(/^Price/).inputValue()).toMatch(/^\d+(\.\d+)?$/)
    expect(await form.getByLabel(/^Instrument/).inputValue()).toMatch(/AAPL/)
    await form.getByLabel(/^Quantity/).fill("2")
    await form.getByRole("button", { name: "Record transaction" }).click()
    await form.waitFor({ state: "hidden" })
    await expect.poll(() => own.getByTestId("own-position").textContent()).toMatch(/^2 held/)
    await own.getByRole("link", { name: "Position details" }).click()
    await page.getByRole("heading", { name: "AAPL", level: 1 }).waitFor()
  })

  it("asks the assistant and shows the answer with its sources and the stand-in note", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("chat"))
    const sidebar = page.getByRole("complementary", { name: "AI assistant" })
    await page.getByRole("button", { name: "AI assistant" }).click()
    await sidebar.getByLabel("Your question").fill("How is my portfolio doing?")
    await sidebar.getByRole("button", { name: "Send" }).click()
    await sidebar.getByLabel("Your message").getByText("How is my portfolio doing?").waitFor()
    await sidebar.getByLabel("Assistant's answer").waitFor()
    await sidebar.getByText("Development stand-in, not the Librarian").waitFor()
    await sidebar.getByText("Sources").waitFor()
    // The new conversation is listed and can be opened again after a reload.
    await expect.poll(() => sidebar.getByLabel("Conversation").locator("option").count()).toBe(2)
    await page.reload()
    await sidebar.getByLabel("Your message").getByText("How is my portfolio doing?").waitFor()
    await screenshot(page, "assistant-desktop")
  })

  it("starts with the assistant closed, opens it as a drawer that Escape closes, and works at phone width", async () => {
    const context = await browser.newContext(viewports.phone)
    const page = await context.newPage()
    await register(page, newEmail("phone"))
    const sidebar = page.getByRole("complementary", { name: "AI assistant" })
    const toggle = page.getByRole("button", { name: "AI assistant" })
    expect(await sidebar.isVisible()).toBe(false)
    expect(await toggle.getAttribute("aria-expanded")).toBe("false")
    // After signing up nothing in the header or the assistant holds the focus: the first Tab
    // offers to skip to the page.
    await page.keyboard.press("Tab")
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content")
    await screenshot(page, "dashboard-phone")
    await toggle.click()
    await sidebar.getByLabel("Your question").waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("assistant-sidebar")
    await screenshot(page, "assistant-phone")
    await page.keyboard.press("Escape")
    await expect.poll(() => sidebar.isVisible()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      "AI assistant"
    )
    await toggle.click()
    await sidebar.getByRole("button", { name: "Close the assistant" }).click()
    await expect.poll(() => sidebar.isVisible()).toBe(false)
    await page.reload()
    await page.getByRole("heading", { name: "Dashboard" }).waitFor()
    expect(await sidebar.isVisible()).toBe(false)
    await page.getByRole("button", { name: "Navigation" }).click()
    await page.getByRole("link", { name: "Transactions" }).click()
    await page.getByRole("heading", { name: "Transactions" }).waitFor()
    // A page reached through the navigation has the focus, not the link that led there.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main-content")
    await screenshot(page, "transactions-phone")
    await page.getByRole("button", { name: "Navigation" }).click()
    await page.getByRole("link", { name: "Markets" }).click()
    await page.getByTestId("candle-chart").locator("canvas").first().waitFor()
    await screenshot(page, "markets-phone")
    // On a phone the way out is in the navigation.
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0)
    await page.getByRole("button", { name: "Navigation" }).click()
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("button", { name: "Sign out" })
      .click()
    await page.getByRole("heading", { name: "Sign in" }).waitFor()
  })
})
