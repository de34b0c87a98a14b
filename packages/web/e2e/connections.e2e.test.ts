import { DEVELOPMENT_ACCOUNT } from "@trading-app/exchange-standin"
import { describe, it } from "vitest"
import { browserForFile, newEmail, register, screenshot, viewports } from "./browser.js"

const browser = browserForFile()

describe("exchange connections", () => {
  it("adds paper and testnet connections, checks them, goes live only when confirmed, and deletes", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("connections"))
    await page.getByRole("link", { name: "Connections" }).click()
    await page.getByRole("heading", { name: "Exchange connections" }).waitFor()
    await page.getByText("No connections yet.").waitFor()

    // Paper: no keys; checked at once against the live market feed of the embedded app.
    await page.getByRole("button", { name: "Add connection" }).click()
    let form = page.getByRole("form", { name: "New connection" })
    await form.getByLabel("Name").fill("Paper account")
    await form.getByRole("button", { name: "Connect" }).click()
    const table = page.getByRole("table", { name: "Exchange connections" })
    const paper = table.getByRole("row", { name: /Paper account/ })
    await paper.getByText("Working").waitFor()
    await paper.getByText(/Paper orders fill against the market feed/).waitFor()

    // Testnet, with the development stand-in's keys: only their last four characters are shown.
    await page.getByRole("button", { name: "Add connection" }).click()
    form = page.getByRole("form", { name: "New connection" })
    await form.getByLabel("Name").fill("Binance testnet")
    await form.getByText("Testnet").click()
    await form.getByRole("button", { name: "Connect" }).click()
    await form
      .getByText(/testnet and live connections need/)
      .first()
      .waitFor()
    await form.getByLabel("API key").fill(DEVELOPMENT_ACCOUNT.apiKey)
    await form.getByLabel("API secret").fill(DEVELOPMENT_ACCOUNT.secret)
    await form.getByRole("button", { name: "Connect" }).click()
    const testnet = table.getByRole("row", { name: /Binance testnet/ })
    await testnet.getByText("Keys accepted; the account holds 3 assets").waitFor()
    await testnet.getByText(`…${DEVELOPMENT_ACCOUNT.apiKey.slice(-4)}`).waitFor()
    await screenshot(page, "connections-desktop")
    await page.setViewportSize(viewports.phone)
    await screenshot(page, "connections-phone")
    await page.setViewportSize(viewports.desktop)

    // Live needs the confirmation; new keys that the exchange refuses show why.
    await testnet.getByRole("button", { name: "Edit Binance testnet" }).click()
    form = page.getByRole("form", { name: "Edit connection" })
    await form.getByText("Live", { exact: true }).click()
    await form.getByRole("button", { name: "Save" }).click()
    await form
      .getByText(/Live mode places real orders with real money/)
      .first()
      .waitFor()
    await form.getByLabel("I understand that orders on this connection trade real money").check()
    await form.getByLabel("API key").fill(DEVELOPMENT_ACCOUNT.apiKey)
    await form.getByLabel("API secret").fill("not-the-secret")
    await form.getByRole("button", { name: "Save" }).click()
    await testnet.getByText("Live", { exact: true }).waitFor()
    await testnet.getByText("Failing").waitFor()
    await testnet.getByText(/The exchange refused the keys/).waitFor()

    // Deleted after confirming.
    await paper.getByRole("button", { name: "Delete Paper account" }).click()
    await page
      .getByRole("dialog", { name: "Delete connection" })
      .getByRole("button", { name: "Delete" })
      .click()
    await paper.waitFor({ state: "detached" })
    await context.close()
  })
})
