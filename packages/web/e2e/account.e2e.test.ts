import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { browserForFile, newEmail, PASSWORD, register, screenshot } from "./browser.js"

const browser = browserForFile()
const NEW_PASSWORD = "another long passphrase"

describe("the account page", () => {
  it("exports everything the account holds, following the job's progress live, and lists the user's security events", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const email = newEmail("export")
    await register(page, email)
    await page.getByRole("link", { name: "Account" }).click()
    await page.getByRole("heading", { name: "Account", exact: true }).waitFor()
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

  it("saves the settings, changes the password, and deletes the account for good", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const email = newEmail("settings")
    await register(page, email)
    await page.goto("/account")
    const profile = page.getByRole("form", { name: "Profile" })
    await profile.getByLabel("Display name").fill("Grace")
    await profile.getByRole("button", { name: "Save" }).click()
    await page.getByRole("banner").getByText("Grace").waitFor()

    const password = page.getByRole("form", { name: "Change password" })
    await password.getByLabel("Current password").fill("not my password")
    await password.getByLabel(/^New password/).fill(NEW_PASSWORD)
    await password.getByRole("button", { name: "Change password" }).click()
    await password.getByText("The password is incorrect").first().waitFor()
    await password.getByLabel("Current password").fill(PASSWORD)
    await password.getByRole("button", { name: "Change password" }).click()
    await page.getByText("Every other session was signed out.").waitFor()
    await page.getByRole("table", { name: "Your sessions" }).getByText("This device").waitFor()
    await screenshot(page, "account-settings-desktop")

    await page.getByRole("button", { name: "Delete my account" }).click()
    const dialog = page.getByRole("dialog", { name: "Delete your account" })
    await dialog.getByLabel("Your password").fill(NEW_PASSWORD)
    await dialog.getByRole("button", { name: "Delete for good" }).click()
    await page.getByRole("button", { name: "Sign in" }).waitFor()
    const login = await fetch(`${browser.baseUrl()}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: NEW_PASSWORD })
    })
    expect(login.status).toBe(401)
  })

  it("resets a forgotten password through the mail catcher, ending every session", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const email = newEmail("forgot")
    await register(page, email)
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.getByRole("button", { name: "Sign in" }).waitFor()

    await page.getByRole("link", { name: "Forgot your password?" }).click()
    const form = page.getByRole("form", { name: "Reset password" })
    await form.getByLabel("E-mail").fill(email)
    await form.getByRole("button", { name: "Send the link" }).click()
    await page.getByText("Check your inbox").waitFor()
    // In development the page says where the mail went: the local mail catcher.
    const mailbox = await page
      .getByRole("link", { name: /^http:\/\/127\.0\.0\.1:\d+\/$/ })
      .textContent()
    await screenshot(page, "forgot-password-desktop")
    // The mail goes out in the background (the answer takes as long either way), and the
    // mailbox is a plain page: read it again until the mail is there.
    const mailPage = await context.newPage()
    const mail = mailPage.getByRole("heading", { name: "Choose a new trading-app password" })
    await expect
      .poll(
        async () => {
          await mailPage.goto(mailbox!)
          return mail.count()
        },
        { timeout: 30_000 }
      )
      .toBeGreaterThan(0)
    const link = await mailPage
      .getByRole("link", { name: /\/reset-password#token=/ })
      .first()
      .getAttribute("href")
    expect(link).toMatch(/\/reset-password#token=[\w-]{43}$/)

    await page.goto(`/reset-password${new URL(link!).hash}`)
    const reset = page.getByRole("form", { name: "Choose a new password" })
    await reset.getByLabel("New password").fill(NEW_PASSWORD)
    await reset.getByRole("button", { name: "Set the new password" }).click()
    await page.getByText("Every session of your account was signed out.").waitFor()
    await page.getByRole("link", { name: "Sign in" }).click()
    await page.getByLabel(/^E-mail/).fill(email)
    await page.getByLabel(/^Password/).fill(NEW_PASSWORD)
    await page.getByRole("button", { name: "Sign in" }).click()
    await page.getByRole("link", { name: "Account" }).waitFor()

    // The link worked once.
    await page.goto(`/reset-password${new URL(link!).hash}`)
    await page
      .getByRole("form", { name: "Choose a new password" })
      .getByLabel("New password")
      .fill("yet another passphrase")
    await page.getByRole("button", { name: "Set the new password" }).click()
    await page.getByText(/This link is not valid/).waitFor()
  })
})
