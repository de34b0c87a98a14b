import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, describe, expect, it } from "vitest"
import {
  browserForFile,
  fromTemplate,
  newEmail,
  register,
  screenshot,
  viewports
} from "./browser.js"

const browser = browserForFile()

// A webhook receiver on this machine, as a Discord channel would be: it keeps what it gets.
const posts: Array<{ content: string }> = []
const receiver = createServer((req, res) => {
  let body = ""
  req.on("data", (chunk) => {
    body += chunk
  })
  req.on("end", () => {
    posts.push(JSON.parse(body))
    res.writeHead(204).end()
  })
})
const listening = new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
afterAll(() => new Promise((resolve) => receiver.close(resolve)))

describe("live signals", () => {
  it("watch a strategy on the live market: a closed candle's signal is shown, notified and posted to the webhook", async () => {
    await listening
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    const context = await browser.newContext()
    const page = await context.newPage()
    await register(page, newEmail("watcher"))

    await page.getByRole("link", { name: "Signals" }).click()
    await page.getByRole("heading", { name: "Signals", level: 1 }).waitFor()
    await page.getByText("Nothing is watched.").waitFor()
    await page.getByText("No webhook is set.").waitFor()
    await page.getByText("No signals yet.").waitFor()

    // A faulty address is refused where it is typed; a good one is kept, and tested.
    await page.getByLabel("Webhook address").fill("ftp://example.com/hook")
    await page.getByRole("button", { name: "Save" }).click()
    await page.getByText("The address must start with https://").first().waitFor()
    await page.getByLabel("Webhook address").fill(hook)
    await page.getByRole("button", { name: "Save" }).click()
    await page.getByText("Posting to 127.0.0.1").waitFor()
    await page.getByRole("button", { name: "Send a test message" }).click()
    await page.getByText("Test message delivered").waitFor()
    expect(posts.at(-1)?.content).toContain("Test message from trading-app")

    // Bitcoin trades around the clock: a DCA entry on every closed 1-minute candle.
    await page.getByRole("link", { name: "Strategies" }).click()
    await fromTemplate(page, "Periodic DCA", "BTC-USD", "1m")
    const entry = page.getByLabel(/^Entry rules/)
    await entry.fill((await entry.inputValue()).replace('"bars": 7', '"bars": 1'))
    await page.getByText("The document is valid.").waitFor()
    await page.getByRole("button", { name: "Save strategy" }).click()
    await page.getByText("version 1").waitFor()

    await page.getByRole("heading", { name: "Live signals" }).waitFor()
    await page.getByRole("checkbox", { name: "Post signals to my webhook" }).check()
    await page.getByRole("button", { name: "Watch live" }).click()
    await page.getByText(/^Watching version 1 since/).waitFor()

    // The candle in progress closes within a minute; the tick reads it a few seconds later.
    const before = posts.length
    await page.getByText("Entry signal: BTC-USD").waitFor({ timeout: 90_000 })
    await page
      .getByText(/^Periodic DCA \(version 1\) at [\d,]+\.\d{2,8}$/)
      .first()
      .waitFor()
    await page.getByRole("link", { name: "See its signals" }).click()
    const feed = page.getByRole("table", { name: "Signals" })
    // The post is a background job (retried after 1, 2, 4… s); its end reaches the open page
    // on the event stream.
    await expect
      .poll(async () => (await feed.getByRole("row").nth(1).textContent()) ?? "", {
        timeout: 60_000
      })
      .toMatch(/BTC-USD\s*Entry\s*Rule on the close.*Posted/)
    expect(posts.length).toBeGreaterThan(before)
    expect(posts.at(-1)?.content).toMatch(/^Entry BTC-USD at \d+(\.\d+)? \(Periodic DCA v1\)$/)
    const watches = page.getByRole("table", { name: "Watches" })
    expect(await watches.getByRole("row").nth(1).textContent()).toContain("BTC-USD · 1m")
    await screenshot(page, "signals-desktop")
    await page.setViewportSize(viewports.phone)
    await screenshot(page, "signals-phone")
    await page.setViewportSize(viewports.desktop)

    await page.getByRole("button", { name: "Stop watching Periodic DCA (version 1)" }).click()
    await expect
      .poll(async () => (await watches.getByRole("row").nth(1).textContent()) ?? "")
      .toContain("Stopped")
    await context.close()
  }, 180_000) // a minute's candle has to close on the live feed
})
