import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { browserForFile, newEmail, register, screenshot } from "./browser.js"

const browser = browserForFile()

describe("the account page", () => {
  it("exports everything the account holds, following the job's progress live, and lists the user's security events", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const email = newEmail("export")
    await register(page, email)
    await page.getByRole("link", { name: "Account" }).click()
    await page.getByRole("heading", { name: "Account" }).waitFor()
    const events = page.getByRole("table", { name: "Audit entries" })
    await events.getByText("Signed up").waitFor()

    await page.getByRole("button", { name: "Export all my data" }).click()
    // Ready arrives over the event stream; the page never reloads by itself otherwise.
    const download = page.getByRole("button", { name: "Download" })
    await download.waitFor({ timeout: 20_000 })
    await screenshot(page, "account-desktop")
    const [file] = await Promise.all([page.waitForEvent("download"), download.click()])
    const data = JSON.parse(readFileSync((await file.path())!, "utf8"))
    expect(data).toMatchObject({ format: "trading-app account export", profile: { email } })
    expect(data.portfolios).toHaveLength(1)

    // Downloading is a security event of the user's own.
    await page.reload()
    await events.getByText("Data exported").waitFor()
  })
})
