import { describe, expect, it } from "vitest"
import { browserForFile, newEmail, PASSWORD, register, screenshot, viewports } from "./browser.js"

const browser = browserForFile()

describe("signing up, in and out", () => {
  it("asks the server nothing it must refuse on a first visit", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const refused: Array<string> = []
    page.on("response", (r) => {
      if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`)
    })
    await page.goto("/")
    await page.getByRole("button", { name: "Sign in" }).waitFor()
    expect(refused).toEqual([])
  })

  it("refuses a registration without consent, then registers with it", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto("/register")
    await page.getByLabel(/^E-mail/).fill(newEmail("consent"))
    await page.getByLabel(/^Password/).fill(PASSWORD)
    await page.getByRole("button", { name: "Create account" }).click()
    await page.getByText("You must accept the terms of service and the privacy policy").waitFor()
    expect(page.url()).toMatch(/\/register$/)
    await screenshot(page, "register-without-consent-desktop")
    await page.getByRole("checkbox", { name: /I accept/ }).check()
    await page.getByRole("button", { name: "Create account" }).click()
    await page.getByRole("heading", { name: "Dashboard" }).waitFor()
  })

  it("shows a taken e-mail next to the field", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const email = newEmail("taken")
    await register(page, email)
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.getByRole("heading", { name: "Sign in" }).waitFor()
    await page.goto("/register")
    await page.getByLabel(/^E-mail/).fill(email)
    await page.getByLabel(/^Password/).fill(PASSWORD)
    await page.getByRole("checkbox", { name: /I accept/ }).check()
    await page.getByRole("button", { name: "Create account" }).click()
    const field = page.getByLabel(/^E-mail/)
    await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true")
    expect(await page.locator(".mantine-InputWrapper-error").first().textContent()).toMatch(
      /already/i
    )
  })

  it("signs out and in again, keeps the session across a reload, and returns to the page asked for", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const email = newEmail("session")
    await register(page, email)
    await page.reload()
    await page.getByRole("heading", { name: "Dashboard" }).waitFor()
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.getByRole("heading", { name: "Sign in" }).waitFor()
    // Signed out for real: a protected page sends to the sign-in page, and back after it.
    await page.goto("/transactions")
    await page.getByRole("heading", { name: "Sign in" }).waitFor()
    expect(page.url()).toContain("next=%2Ftransactions")
    // By keyboard alone: Tab to the e-mail, type, Tab to the password, Enter.
    await page.keyboard.press("Tab")
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("email")
    await page.keyboard.type(email)
    await page.keyboard.press("Tab")
    await page.keyboard.type("not the password")
    await page.keyboard.press("Enter")
    await page.getByRole("alert").waitFor()
    await page.getByLabel(/^Password/).fill(PASSWORD)
    await page.getByLabel(/^Password/).press("Enter")
    await page.getByRole("heading", { name: "Transactions" }).waitFor()
    await page.reload()
    await page.getByRole("heading", { name: "Transactions" }).waitFor()
    // The first Tab offers to skip the header and navigation.
    await page.keyboard.press("Tab")
    const skip = page.getByRole("link", { name: "Skip to content" })
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press("Enter")
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main-content")
  })

  it("opens the legal pages without signing in, at desktop and phone widths", async () => {
    for (const [name, viewport] of Object.entries(viewports)) {
      const context = await browser.newContext(viewport)
      const page = await context.newPage()
      await page.goto("/terms-of-service")
      await page.getByRole("heading", { name: "Terms of service" }).waitFor()
      await page.goto("/privacy-policy")
      await page.getByRole("heading", { name: "Privacy policy" }).waitFor()
      await screenshot(page, `privacy-policy-${name}`)
      await page.goto("/login")
      await page.getByRole("heading", { name: "Sign in" }).waitFor()
      await screenshot(page, `sign-in-${name}`)
      await page.getByRole("link", { name: "Terms of service" }).click()
      await page.getByRole("heading", { name: "Terms of service" }).waitFor()
    }
  })
})
