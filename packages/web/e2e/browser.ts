import { execFile } from "node:child_process"
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"
import { promisify } from "node:util"
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page
} from "playwright-core"
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest"

/** Debian's Chromium, headless and quiet: this machine's network is closed to the outside. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage"
]

export const SCREENSHOTS = join(import.meta.dirname, "screenshots")

export const viewports = {
  desktop: { width: 1400, height: 900 },
  phone: { width: 390, height: 844 }
} as const

/**
 * One browser per test file. Every page of it fails the test on a script error or a
 * Content-Security-Policy violation, so the app is checked under the production policy.
 */
export const browserForFile = () => {
  let browser: Browser
  const problems: Array<string> = []
  const contexts: Array<BrowserContext> = []
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  })
  // A failed test leaves a picture of each of its pages; every context is closed after a test.
  afterEach(async ({ task }) => {
    const failed = task.result?.state === "fail"
    for (const [i, context] of contexts.entries()) {
      if (failed)
        for (const [j, page] of context.pages().entries())
          await page
            .screenshot({
              path: join(SCREENSHOTS, `failed-${task.name.slice(0, 40)}-${i}-${j}.png`)
            })
            .catch(() => {})
      await context.close()
    }
    contexts.length = 0
  })
  afterAll(async () => {
    await browser?.close()
    expect(problems, "script errors or CSP violations in the pages").toEqual([])
  })

  const watch = (page: Page) => {
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`))
    page.on("console", (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text()))
        problems.push(`console: ${message.text()}`)
    })
  }

  return {
    baseUrl: () => inject("baseUrl"),
    /** A fresh browser profile (no cookies, no storage) at a viewport. */
    newContext: async (viewport: { width: number; height: number } = viewports.desktop) => {
      const context: BrowserContext = await browser.newContext({
        viewport,
        baseURL: inject("baseUrl")
      })
      context.on("page", watch)
      contexts.push(context)
      return context
    }
  }
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })

let counter = 0
/** An address no other test uses. */
export const newEmail = (tag: string) =>
  `${tag}-${Date.now().toString(36)}-${++counter}@example.com`

export const PASSWORD = "correct horse battery staple"

/** Registers through the form and lands on the dashboard. */
export const register = async (page: Page, email: string) => {
  await page.goto("/register")
  await page.getByLabel(/^E-mail/).fill(email)
  await page.getByLabel(/^Password/).fill(PASSWORD)
  await page.getByRole("checkbox", { name: /I accept/ }).check()
  await page.getByRole("button", { name: "Create account" }).click()
  await page.getByRole("heading", { name: "Dashboard" }).waitFor()
}

/** Signs in through the form and lands on the dashboard. */
export const signIn = async (page: Page, email: string) => {
  await page.goto("/login")
  await page.getByLabel(/^E-mail/).fill(email)
  await page.getByLabel(/^Password/).fill(PASSWORD)
  await page.getByRole("button", { name: "Sign in" }).click()
  await page.getByRole("heading", { name: "Dashboard" }).waitFor()
}

/** Signs up through the API, as another person would elsewhere; their access token and id. */
export const signUpElsewhere = async (email: string) => {
  const res = await fetch(`${inject("baseUrl")}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, acceptTerms: true })
  })
  expect(res.status).toBe(201)
  const body = (await res.json()) as { accessToken: string; user: { id: string } }
  return { token: body.accessToken, userId: body.user.id }
}

/** A call to the API with an access token; the answer's JSON body. */
export const callApi = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${inject("baseUrl")}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const json = await res.json().catch(() => null)
  expect(res.ok, `${method} ${path}: ${JSON.stringify(json)}`).toBe(true)
  return json
}

const SERVER = resolve(import.meta.dirname, "../../server")

/** `pnpm user:role` beside the running app, on its embedded database (no DATABASE_URL). */
export const setRole = async (email: string, role: string) => {
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

/** On the strategies page: a new strategy from a template, on one instrument and timeframe. */
export const fromTemplate = async (
  page: Page,
  template: string,
  symbol: string,
  timeframe: string
) => {
  await page.getByRole("link", { name: `Use this template: ${template}` }).click()
  await page.getByRole("heading", { name: "New strategy" }).waitFor()
  await page.getByLabel(/^Instruments/).fill(symbol)
  await page
    .getByLabel(/^Timeframe/)
    .first()
    .click()
  await page.getByRole("option", { name: timeframe, exact: true }).click()
}

/** The grid of the browser tests: from 100, safety orders at 1%, 3%, 7% of 50, 100 and 200. */
export const TEST_GRID = {
  "Base order": "100",
  "First safety order": "50",
  "Deviation %": "1",
  "Step scale": "2",
  "Volume scale": "2",
  "Take-profit %": "1",
  "Safety orders": "3"
}

/** Fills a grid's settings in `form`, field by field. */
export const fillGrid = async (form: Locator, values: Record<string, string>) => {
  for (const [label, value] of Object.entries(values))
    await form.getByLabel(label, { exact: true }).fill(value)
}
