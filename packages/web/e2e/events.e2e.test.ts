import { describe, expect, it } from "vitest"
import { browserForFile, newEmail, PASSWORD, register, screenshot } from "./browser.js"

const browser = browserForFile()

/** The same user, elsewhere (another device, a script): signs in and records a purchase. */
const elsewhere = async (email: string) => {
  const base = browser.baseUrl()
  const json = { "content-type": "application/json" }
  const session = (await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password: PASSWORD })
  }).then((r) => r.json())) as { accessToken: string }
  const auth = { ...json, authorization: `Bearer ${session.accessToken}` }
  const portfolios = (await fetch(`${base}/api/portfolios`, { headers: auth }).then((r) =>
    r.json()
  )) as { items: Array<{ id: string }> }
  return async (quantity: string) => {
    const res = await fetch(`${base}/api/transactions`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        portfolioId: portfolios.items[0]!.id,
        symbol: "AAPL",
        type: "buy",
        quantity,
        price: "150",
        fee: "0",
        currency: "USD",
        executedAt: "2026-03-02T15:00:00.000Z"
      })
    })
    expect(res.status).toBe(201)
  }
}

describe("live updates", () => {
  it("shows a change made elsewhere without a reload, says when it reconnects, and catches up", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const email = newEmail("live")
    await register(page, email)
    await page.getByText("This portfolio has no transactions yet").waitFor()
    const status = page.getByRole("status").filter({ hasText: /Live|Connecting|Reconnecting/ })
    await status.getByText("● Live").waitFor()

    const buy = await elsewhere(email)
    await buy("3")
    const row = page.getByRole("table", { name: "Holdings" }).getByRole("row", { name: "AAPL" })
    await expect
      .poll(() => row.getByRole("cell").nth(1).textContent(), { timeout: 10_000 })
      .toBe("3")

    // The stream ends (every 10 s here) and cannot come back: the header says so; a change made
    // meanwhile arrives once it is back, from the last event the page saw.
    await page.route("**/api/events**", (route) => route.abort())
    await status.getByText("Reconnecting…").waitFor({ timeout: 20_000 })
    await screenshot(page, "live-reconnecting-desktop")
    await buy("2")
    await page.unroute("**/api/events**")
    await status.getByText("● Live").waitFor({ timeout: 40_000 })
    await expect
      .poll(() => row.getByRole("cell").nth(1).textContent(), { timeout: 10_000 })
      .toBe("5")
  })
})
