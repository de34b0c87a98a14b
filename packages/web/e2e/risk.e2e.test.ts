import { describe, expect, inject, it } from "vitest"
import { embeddedMarket } from "../../server/test/support/embeddedMarket.js"
import { GRID } from "../../server/test/support/grid.js"
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

describe("risk", () => {
  it("sets limits, shows an entry waiting in the queue with why, and takes it out", async () => {
    const { dataDir, pgPort } = inject("embedded")
    const market = await embeddedMarket(dataDir, pgPort)
    const email = newEmail("risk")
    const { token } = await signUpElsewhere(email)
    // Two bots on instruments of their own, on a paper connection.
    const connection = await callApi(token, "POST", "/api/connections", {
      name: "Paper",
      exchange: "binance",
      mode: "paper"
    })
    const [portfolio] = (await callApi(token, "GET", "/api/portfolios")).items
    const bots: Array<{ id: string; symbol: string; name: string }> = []
    for (const [name, priority] of [
      ["First", 5],
      ["Second", 8]
    ] as const) {
      const symbol = `R${name[0]}${Date.now().toString(36).toUpperCase().slice(-5)}`
      await market.instrument(symbol)
      await market.trade(symbol, "100")
      const bot = await callApi(token, "POST", "/api/bots", {
        name,
        connectionId: connection.id,
        portfolioId: portfolio.id,
        symbol,
        priority,
        settings: { grid: GRID, takeProfit: "aggregate" }
      })
      bots.push({ id: bot.id, symbol, name })
    }
    const hook = await callApi(token, "POST", "/api/hooks/tradingview/rotate")
    const alert = (bot: (typeof bots)[number], id: string) =>
      fetch(`${inject("baseUrl")}${hook.path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          secret: hook.secret,
          bot: bot.id,
          ticker: bot.symbol,
          action: "buy",
          time: new Date().toISOString(),
          id
        })
      })

    const context = await browser.newContext()
    const page = await context.newPage()
    try {
      await signIn(page, email)
      await page.getByRole("link", { name: "Risk" }).click()
      await page.getByRole("heading", { name: "Risk", level: 1 }).waitFor()
      await page.getByText("No entries are waiting.").waitFor()
      const limits = page.getByRole("form", { name: "Risk limits" })
      // A wrong figure is refused where it is typed.
      await limits.getByLabel("Total exposure").fill("lots")
      await limits.getByRole("button", { name: "Save limits" }).click()
      await limits.getByText(/^Must be a non-negative decimal number/).waitFor()
      await limits.getByLabel("Total exposure").fill("")
      await limits.getByLabel("Open groups at most").fill("1")
      await limits.getByRole("button", { name: "Save limits" }).click()
      await page.getByText("Risk limits saved").waitFor()

      // The first bot's entry opens a group; the second's waits for it.
      expect((await alert(bots[0] as (typeof bots)[number], "first")).status).toBe(202)
      await page.reload()
      await expect
        .poll(
          async () =>
            (await page
              .getByText("Open groups", { exact: true })
              .first()
              .locator("..")
              .textContent()) ?? "",
          {
            timeout: 15_000
          }
        )
        .toBe("Open groups1 of 1")
      expect((await alert(bots[1] as (typeof bots)[number], "second")).status).toBe(202)
      const queue = page.getByRole("table", { name: "Signal queue" })
      await queue.waitFor({ timeout: 20_000 })
      const row = queue.getByRole("row", { name: /Second/ })
      await expect
        .poll(() => row.textContent())
        .toMatch(/^800Second.*entry1 group is open, the most your limits allow/)
      await page.getByRole("table", { name: "Exposure by symbol" }).getByText("250").waitFor()
      await screenshot(page, "risk-desktop")
      await page.setViewportSize(viewports.phone)
      await screenshot(page, "risk-phone")
      await page.setViewportSize(viewports.desktop)

      await page.getByRole("button", { name: "Take Second's entry out of the queue" }).click()
      await page.getByText("Taken out of the queue").waitFor()
      await page.getByText("No entries are waiting.").waitFor()
    } finally {
      await context.close()
      await market.close()
    }
  }, 120_000)
})
