import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import type { Page } from "playwright-core"
import { beforeAll, describe, expect, inject, it } from "vitest"
import {
  browserForFile,
  callApi,
  newEmail,
  screenshot,
  setRole,
  signIn,
  signUpElsewhere
} from "./browser.js"

const browser = browserForFile()
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

const WIDE = [1440, 1280] as const
const PHONE = 390

interface PageToCheck {
  readonly path: string
  /** Something shown once the page has its data. */
  readonly ready: (page: Page) => Promise<unknown>
  /** The address when it is not `path` itself. */
  readonly at?: () => string
  /** Opens a dialog of the page, checked as well; the focus must start on a named field. */
  readonly dialog?: (page: Page) => Promise<unknown>
}

const heading = (name: string) => (page: Page) =>
  page.getByRole("heading", { name, exact: true }).first().waitFor()
const table = (name: string) => (page: Page) =>
  page.getByRole("table", { name }).getByRole("row").nth(1).waitFor()

const signedOutPages: ReadonlyArray<PageToCheck> = [
  { path: "/login", ready: heading("Sign in") },
  { path: "/register", ready: heading("Create an account") },
  { path: "/forgot-password", ready: heading("Forgot your password?") },
  {
    path: "/reset-password",
    ready: (page) => page.getByText("This page needs the link from the mail").waitFor()
  },
  { path: "/terms-of-service", ready: heading("Terms of service") },
  { path: "/privacy-policy", ready: heading("Privacy policy") },
  { path: "/no-such-page", ready: heading("Page not found") }
]

/** What overflows sideways: the page itself and, where `tables` is set, a table's own box. */
const overflows = (page: Page, tables: boolean) =>
  page.evaluate((tables) => {
    const found: Array<string> = []
    const root = document.documentElement
    if (root.scrollWidth > root.clientWidth)
      found.push(`the page is ${root.scrollWidth} px wide in ${root.clientWidth}`)
    if (tables)
      for (const t of document.querySelectorAll("table")) {
        let box = t.parentElement
        while (box && getComputedStyle(box).overflowX === "visible") box = box.parentElement
        if (box && box.scrollWidth > box.clientWidth + 1)
          found.push(
            `table "${t.getAttribute("aria-label") ?? t.querySelector("caption")?.textContent}" is ${box.scrollWidth} px wide in ${box.clientWidth}`
          )
      }
    return found
  }, tables)

/** Lets the layout settle after a resize (charts and tables follow on the next frames). */
const settle = (page: Page) =>
  page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
  )

/** The critical and serious accessibility faults axe-core finds on the page as shown. */
const accessibilityFaults = async (page: Page) => {
  await page.evaluate(AXE)
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe-core is injected above
    const axe = (window as any).axe
    const result = await axe.run(document, { resultTypes: ["violations"] })
    return result.violations as Array<{
      id: string
      impact: string
      nodes: Array<{ target: Array<string>; failureSummary: string }>
    }>
  })
  return violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(" ")} (${n.failureSummary.replace(/\s+/g, " ")})`)
          .join("; ")}`
    )
}

/**
 * Every page, shown as it is first met, then checked: no sideways overflow at 1440, 1280 and
 * 390 px (with the assistant closed and open; on a phone a table may scroll in its own box), and
 * no critical or serious axe-core fault in the light and dark themes at 1440 and 390 px.
 */
const checkPage = async (page: Page, target: PageToCheck, signedIn: boolean, name: string) => {
  const faults: Array<string> = []
  await page.setViewportSize({ width: WIDE[0], height: 900 })
  await page.emulateMedia({ colorScheme: "light" })
  await page.goto(target.at?.() ?? target.path)
  await target.ready(page)
  // The checks read the page as it settles, not halfway through a colour's transition after
  // the theme changes (a segmented control's labels fade over 200 ms).
  await page.addStyleTag({
    content: "*, *::before, *::after { transition: none !important; animation: none !important; }"
  })
  const toggle = page.getByRole("button", { name: "AI assistant" })
  for (const assistant of signedIn ? [false, true] : [false]) {
    if (assistant) {
      await toggle.click()
      await page
        .getByRole("complementary", { name: "AI assistant" })
        .getByLabel("Your question")
        .waitFor()
    }
    for (const width of [...WIDE, PHONE]) {
      await page.setViewportSize({ width, height: width === PHONE ? 844 : 900 })
      await settle(page)
      for (const fault of await overflows(page, width !== PHONE))
        faults.push(`${width} px, assistant ${assistant ? "open" : "closed"}: ${fault}`)
    }
    if (assistant) await toggle.click()
  }
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const width of [WIDE[0], PHONE]) {
      await page.setViewportSize({ width, height: width === PHONE ? 844 : 900 })
      await settle(page)
      expect(await page.locator("html").getAttribute("data-mantine-color-scheme")).toBe(scheme)
      for (const fault of await accessibilityFaults(page))
        faults.push(`${scheme}, ${width} px: ${fault}`)
      await screenshot(page, `page-${name}-${scheme}-${width}`)
    }
  }
  if (target.dialog) {
    await page.emulateMedia({ colorScheme: "light" })
    await page.setViewportSize({ width: WIDE[0], height: 900 })
    await target.dialog(page)
    const dialog = page.getByRole("dialog")
    await dialog.waitFor()
    // The focus starts inside the dialog on something with a name, not its close button.
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null
      return {
        inDialog: el?.closest("[role=dialog]") !== null,
        label: el?.getAttribute("aria-label") ?? el?.labels?.[0]?.textContent ?? ""
      }
    })
    if (!focused.inDialog || focused.label === "" || focused.label === "Close")
      faults.push(`dialog: the focus starts at ${JSON.stringify(focused)}`)
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await settle(page)
      for (const fault of await accessibilityFaults(page))
        faults.push(`dialog, ${scheme}: ${fault}`)
    }
    await screenshot(page, `page-${name}-dialog`)
    await page.keyboard.press("Escape")
  }
  return faults
}

describe("every page", () => {
  let email: string
  let userId: string
  let strategyId: string
  let groupId: string
  let backtestId: string
  let documentId: string
  let searchId: string
  beforeAll(async () => {
    email = newEmail("pages")
    const { token, userId: id } = await signUpElsewhere(email)
    userId = id
    const portfolioId = (await callApi(token, "GET", "/api/portfolios")).items[0].id
    const entry = (type: string, day: number, fields: Record<string, unknown>) =>
      callApi(token, "POST", "/api/transactions", {
        portfolioId,
        type,
        executedAt: `2026-01-${String(day).padStart(2, "0")}T10:00:00.000Z`,
        ...fields
      })
    await entry("deposit", 1, { amount: "100000", currency: "USD" })
    await entry("buy", 2, {
      symbol: "AAPL",
      quantity: "12.5",
      price: "151.25",
      fee: "1.5",
      currency: "USD"
    })
    await entry("buy", 3, { symbol: "BTC-USD", quantity: "0.25", price: "42000", currency: "USD" })
    await entry("sell", 5, { symbol: "AAPL", quantity: "2.5", price: "160", currency: "USD" })
    await entry("dividend", 6, { symbol: "AAPL", amount: "12.34", currency: "USD" })
    const templates = await callApi(token, "GET", "/api/strategies/templates")
    const strategy = await callApi(token, "POST", "/api/strategies", {
      name: "Crossover on bitcoin",
      document: { ...templates.items[0].document, symbols: ["BTC-USD"], timeframe: "1h" }
    })
    strategyId = strategy.id
    await callApi(token, "POST", "/api/signals/watches", { strategyId })
    const connection = await callApi(token, "POST", "/api/connections", {
      name: "Paper account",
      exchange: "binance",
      mode: "paper"
    })
    // A bot with an open group, from a TradingView alert.
    const bot = await callApi(token, "POST", "/api/bots", {
      name: "Bitcoin grid",
      connectionId: connection.id,
      portfolioId,
      symbol: "BTC-USD",
      settings: {
        grid: {
          direction: "long",
          baseOrder: "100",
          safetyOrder: "50",
          maxSafetyOrders: 3,
          deviationPercent: "1",
          stepScale: "1.5",
          volumeScale: "1.5",
          takeProfitPercent: "1.5"
        },
        takeProfit: "hybrid",
        takeProfitSteps: [{ percent: "0.5", sharePercent: "40" }],
        stopLossPercent: "10"
      }
    })
    const hook = await callApi(token, "POST", "/api/hooks/tradingview/rotate")
    const alert = await fetch(`${inject("baseUrl")}${hook.path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        secret: hook.secret,
        bot: bot.id,
        ticker: "BTCUSD",
        action: "buy",
        time: new Date().toISOString()
      })
    })
    expect(alert.status).toBe(202)
    for (let tries = 0; ; tries++) {
      const { items } = await callApi(token, "GET", "/api/groups")
      if (items[0]) {
        groupId = items[0].id
        break
      }
      expect(tries).toBeLessThan(50)
      await new Promise((r) => setTimeout(r, 200))
    }
    const backtest = await callApi(token, "POST", "/api/backtests", {
      strategyId,
      from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      to: new Date().toISOString()
    })
    backtestId = backtest.id
    for (let tries = 0; ; tries++) {
      const { state } = await callApi(token, "GET", `/api/backtests/${backtestId}`)
      if (state === "ready") break
      if (state === "failed" || tries > 300)
        throw new Error(`The backtest did not finish: ${state}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const search = await callApi(token, "POST", "/api/searches", {
      strategyId,
      from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      to: new Date().toISOString(),
      parameters: [
        { path: "entry.left.period", from: 10, to: 20, step: 5 },
        { path: "entry.right.period", from: 40, to: 60, step: 10 }
      ]
    })
    searchId = search.id
    const uploaded = await fetch(`${inject("baseUrl")}/api/research/documents?name=notes.md`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", authorization: `Bearer ${token}` },
      body: "# Notes (BTC-USD)\n\nBuy when the 14-day RSI falls below 30 and sell when it rises above 70. Keep a 5% stop loss."
    })
    documentId = ((await uploaded.json()) as { id: string }).id
    for (let tries = 0; ; tries++) {
      const { state } = await callApi(token, "GET", `/api/research/documents/${documentId}`)
      if (state === "ready") break
      if (state === "failed" || tries > 300) throw new Error(`The document was not read: ${state}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    for (let tries = 0; ; tries++) {
      const { state } = await callApi(token, "GET", `/api/searches/${searchId}`)
      if (state === "ready") break
      if (state === "failed" || tries > 300) throw new Error(`The search did not finish: ${state}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    await setRole(email, "admin")
  })

  const signedInPages: ReadonlyArray<PageToCheck> = [
    { path: "/", ready: table("Holdings") },
    {
      path: "/transactions",
      ready: table("Transactions"),
      dialog: (page) => page.getByRole("button", { name: "New transaction" }).click()
    },
    { path: "/portfolios", ready: table("Portfolios") },
    {
      path: "/markets/AAPL",
      dialog: (page) => page.getByRole("button", { name: "Record a trade" }).click(),
      ready: (page) => page.getByTestId("candle-chart").locator("canvas").first().waitFor()
    },
    { path: "/positions/AAPL", ready: table("Open lots") },
    { path: "/strategies", ready: table("Strategies") },
    { path: "/strategies/new", ready: heading("New strategy") },
    {
      path: "/strategies/:id",
      ready: table("Backtests"),
      at: () => `/strategies/${strategyId}`
    },
    {
      path: "/backtests/:id",
      ready: (page) => page.getByTestId("candle-chart").locator("canvas").first().waitFor(),
      at: () => `/backtests/${backtestId}`
    },
    {
      path: "/searches/:id",
      ready: table("Results"),
      at: () => `/searches/${searchId}`
    },
    { path: "/signals", ready: table("Watches") },
    { path: "/grids", ready: heading("DCA grids") },
    { path: "/connections", ready: table("Exchange connections") },
    { path: "/bots", ready: table("Bots") },
    { path: "/groups", ready: table("Position groups") },
    { path: "/groups/:id", ready: table("Orders"), at: () => `/groups/${groupId}` },
    { path: "/risk", ready: heading("Signal queue") },
    { path: "/orders", ready: heading("Paper orders") },
    { path: "/research", ready: table("Documents") },
    {
      path: "/research/:id",
      ready: (page) => page.getByText("RSI 14 mean reversion").waitFor(),
      at: () => `/research/${documentId}`
    },
    { path: "/import", ready: heading("Import and export") },
    { path: "/account", ready: heading("Account") },
    { path: "/admin/users", ready: table("Users") },
    {
      path: "/admin/users/:id",
      ready: (page) => page.getByText(email).first().waitFor(),
      at: () => `/admin/users/${userId}`
    },
    { path: "/admin/logs", ready: heading("Logs") },
    { path: "/admin/operations", ready: heading("Operations") }
  ]

  it("fits 1440, 1280 and 390 px and has no serious accessibility fault, signed out", async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const faults: Array<string> = []
    for (const target of signedOutPages) {
      const name = target.path.slice(1)
      for (const fault of await checkPage(page, target, false, name))
        faults.push(`${target.path} ${fault}`)
    }
    expect(faults).toEqual([])
  })

  for (const target of signedInPages)
    it(`${target.path} fits 1440, 1280 and 390 px with the assistant open or closed and has no serious accessibility fault`, async () => {
      const context = await browser.newContext()
      const page = await context.newPage()
      await signIn(page, email)
      const name = target.path.slice(1).replaceAll("/", "-") || "dashboard"
      expect(await checkPage(page, target, true, name)).toEqual([])
    })
})
