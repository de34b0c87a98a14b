// Checks the JavaScript budgets of the built app (run after `vite build`), gzipped as nginx sends
// the .gz files the build writes:
// - the first screen, what the browser must download before it shows: the sign-in page, and for
//   a signed-in user the dashboard's figures (its charts load after them): ≤ 250 KB;
// - each page as a whole, with the assistant open and what the page loads on demand (its charts):
//   the dashboard ≤ 300 KB, every other page ≤ 320 KB.
// Every lazily loaded *Page module is a page, so a new page is held to the budget at once.
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"

const FIRST_SCREEN = 250_000
const DASHBOARD = 300_000
const PAGE = 320_000

const dist = join(import.meta.dirname, "..", "dist")
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"))

/** What a page loads on demand once shown. */
const onDemand = {
  "src/dashboard/DashboardPage.tsx": ["src/dashboard/PerformanceChart.tsx"],
  "src/markets/MarketsPage.tsx": ["src/markets/CandleChart.tsx"],
  "src/positions/PositionPage.tsx": ["src/markets/CandleChart.tsx"]
}
/** Pages shown without signing in: no shell, no assistant. */
const signedOut = /^src\/(auth|legal)\//
const SHELL = ["src/layout/AppLayout.tsx", "src/assistant/AssistantPanel.tsx"]

// A lazily loaded module shared with other chunks is keyed by its chunk name, not its path.
const keyOf = (module) =>
  module in manifest
    ? module
    : Object.keys(manifest).find(
        (key) =>
          manifest[key].isDynamicEntry &&
          manifest[key].name ===
            module
              .split("/")
              .pop()
              .replace(/\.tsx?$/, "")
      )

/** The chunk of a module and every chunk it imports statically, transitively. */
const closure = (module, into = new Set()) => {
  const chunk = manifest[keyOf(module)]
  if (chunk === undefined) throw new Error(`${module} is not in the build manifest`)
  if (into.has(chunk.file)) return into
  into.add(chunk.file)
  for (const imported of chunk.imports ?? []) closure(imported, into)
  return into
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)
const gz = (file) => statSync(join(dist, `${file}.gz`)).size
// Every *Page module loaded on demand (not those of the first screen's entry chunk).
const pageModules = readdirSync(join(import.meta.dirname, "..", "src"), { recursive: true })
  .filter((file) => file.endsWith("Page.tsx"))
  .map((file) => `src/${file}`)
  .filter((module) => keyOf(module) !== undefined && !manifest[keyOf(module)].isEntry)
  .sort()
for (const module of Object.keys(onDemand))
  if (!pageModules.includes(module)) throw new Error(`${module} is not a page of the build`)

const checks = [
  { name: "first screen: sign-in", modules: [], limit: FIRST_SCREEN },
  {
    name: "first screen: dashboard",
    modules: ["src/layout/AppLayout.tsx", "src/dashboard/DashboardPage.tsx"],
    limit: FIRST_SCREEN
  },
  ...pageModules.map((module) => ({
    name: module.replace(/^src\//, ""),
    modules: [...(signedOut.test(module) ? [] : SHELL), module, ...(onDemand[module] ?? [])],
    limit: module === "src/dashboard/DashboardPage.tsx" ? DASHBOARD : PAGE
  }))
]

let failed = false
for (const { name, modules, limit } of checks) {
  const files = closure(entry)
  for (const module of modules) closure(module, files)
  const bytes = [...files].reduce((sum, file) => sum + gz(file), 0)
  const ok = bytes <= limit
  failed ||= !ok
  console.log(
    `${ok ? "ok  " : "OVER"} ${name}: ${(bytes / 1000).toFixed(1)} KB of JavaScript gzipped in ${files.size} files (limit ${limit / 1000} KB)`
  )
}
process.exit(failed ? 1 : 0)
