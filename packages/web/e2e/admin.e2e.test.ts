import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { promisify } from "node:util"
import { describe, expect, inject, it } from "vitest"
import { browserForFile, newEmail, PASSWORD, register, screenshot, viewports } from "./browser.js"

const browser = browserForFile()
const SERVER = resolve(import.meta.dirname, "../../server")

/** `pnpm user:role` beside the running app, on its embedded database (no DATABASE_URL). */
const setRole = async (email: string, role: string) => {
  const { dataDir, pgPort } = inject("embedded")
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDED_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: pgPort
  }
  delete env.DATABASE_URL
  const { stdout, stderr } = await promisify(execFile)(
    join(SERVER, "node_modules", ".bin", "tsx"),
    ["src/bin/setRole.ts", email, role],
    { cwd: SERVER, env }
  )
  expect(stdout + stderr).toContain(`is now ${role}`)
}

/** Signs up through the API, as another person would elsewhere; their access token. */
const signUpElsewhere = async (email: string) => {
  const res = await fetch(`${browser.baseUrl()}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, acceptTerms: true })
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { accessToken: string }).accessToken
}

describe("the admin area", () => {
  it("lets the first administrator find a user, change the role, disable the account, read the logs and see operations", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const adminEmail = newEmail("admin")
    await register(page, adminEmail)
    await expect(page.getByRole("link", { name: "Users" }).count()).resolves.toBe(0)
    await setRole(adminEmail, "admin")
    const userEmail = newEmail("customer")
    const userToken = await signUpElsewhere(userEmail)

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
    const sidebar = page.getByRole("complementary", { name: "AI assistant" })
    await sidebar.getByRole("button", { name: "Close the assistant" }).click()
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
