import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import {
  browserForFile,
  newEmail,
  register,
  screenshot,
  setRole,
  signUpElsewhere,
  viewports
} from "./browser.js"

const browser = browserForFile()

describe("the admin area", () => {
  it("lets the first administrator find a user, change the role, disable the account, read the logs and see operations", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const adminEmail = newEmail("admin")
    await register(page, adminEmail)
    await expect(page.getByRole("link", { name: "Users" }).count()).resolves.toBe(0)
    await setRole(adminEmail, "admin")
    const userEmail = newEmail("customer")
    const { token: userToken } = await signUpElsewhere(userEmail)

    // The role counts from the next request; the page learns it when it loads again.
    await page.reload()
    await page.getByRole("link", { name: "Users" }).click()
    await page.getByLabel("E-mail or name").fill(userEmail)
    const users = page.getByRole("table", { name: "Users" })
    await users.getByRole("link", { name: userEmail }).click()
    await page.getByRole("heading", { name: userEmail }).waitFor()
    await page.getByRole("table", { name: "Active sessions" }).getByRole("row").nth(1).waitFor()
    await screenshot(page, "admin-user-desktop")

    await page.getByLabel(/^Role/).first().click()
    await page.getByRole("option", { name: "Viewer" }).click()
    await page.getByRole("button", { name: "Change role" }).click()
    await page.getByText(`${userEmail} is now viewer`).waitFor()

    await page.getByRole("button", { name: "Disable account" }).click()
    await page.getByRole("dialog").getByRole("button", { name: "Disable" }).click()
    await page.getByRole("button", { name: "Enable account" }).waitFor()
    const refused = await fetch(`${browser.baseUrl()}/api/portfolios`, {
      headers: { authorization: `Bearer ${userToken}` }
    })
    expect(refused.status).toBe(401)

    await page.getByRole("button", { name: "Show portfolios" }).click()
    await page.getByText("No holdings.").waitFor()
    const activity = page.getByRole("table", { name: "Audit entries" })
    await activity.getByText("Account disabled").waitFor()

    await page.getByRole("link", { name: "Logs" }).click()
    const audit = page.getByRole("table", { name: "Audit entries" })
    await audit.getByText("Role changed").first().waitFor()
    await audit.getByText("Data viewed for support").first().waitFor()
    await screenshot(page, "admin-logs-desktop")
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click()
    ])
    const csv = readFileSync((await download.path())!, "utf8")
    expect(csv.split("\r\n")[0]).toBe(
      "id,at,action,category,actor_id,actor_email,user_id,user_email,target,ip,user_agent,request_id,details"
    )
    expect(csv).toContain("account_disabled")

    await page.getByText("System log").click()
    await page.getByRole("table", { name: "System log entries" }).waitFor()

    await page.getByRole("link", { name: "Operations" }).click()
    await page.getByText("As of").waitFor()
    const processes = page.getByRole("table", { name: "Processes" })
    await processes.getByText("app", { exact: true }).first().waitFor()
    const market = page.getByRole("table", { name: "Market data freshness" })
    await market.getByText("AAPL", { exact: true }).waitFor()
    await page
      .getByRole("table", { name: "Job queues" })
      .getByText("housekeeping", { exact: true })
      .waitFor()
    await screenshot(page, "admin-operations-desktop")

    await page.getByRole("link", { name: "Account" }).click()
    const own = page.getByRole("table", { name: "Audit entries" })
    await own.getByText("Role changed").waitFor()
    await own.getByText("Signed up").waitFor()
  })

  it("fits a phone, and gives a manager the list but no administration", async () => {
    const context = await browser.newContext(viewports.phone)
    const page = await context.newPage()
    const email = newEmail("admin-phone")
    await register(page, email)
    await setRole(email, "manager")
    await page.goto("/admin/users")
    await page.getByRole("table", { name: "Users" }).getByRole("row").nth(1).waitFor()
    // A manager sees the list but no way to change anyone.
    await page.getByRole("table", { name: "Users" }).getByRole("link").first().click()
    await page.getByRole("button", { name: "Show portfolios" }).waitFor()
    expect(await page.getByRole("button", { name: "Change role" }).count()).toBe(0)
    expect(await page.getByRole("link", { name: "Operations" }).count()).toBe(0)
    await page.goBack()
    await page.getByRole("table", { name: "Users" }).getByRole("row").nth(1).waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(viewports.phone.width)
    await screenshot(page, "admin-users-phone")
  })
})
