// Checks the JavaScript budget of the built app (run after `vite build`): what the browser must
// download before the first screen shows, gzipped, must stay within 250 KB (250,000 bytes). The
// first screens are the sign-in page (entry chunk) and, for a signed-in user, the dashboard with
// the assistant sidebar open (entry plus their chunks). Charts load on demand and do not count.
// Sizes are those of the .gz files the build writes, which nginx sends as they are.
import { readFileSync, statSync } from "node:fs"
import { join } from "node:path"

const LIMIT_BYTES = 250_000
const dist = join(import.meta.dirname, "..", "dist")
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"))

const screens = {
  "sign-in": [],
  dashboard: [
    "src/layout/AppLayout.tsx",
    "src/dashboard/DashboardPage.tsx",
    "src/assistant/AssistantPanel.tsx"
  ]
}

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

let failed = false
for (const [screen, modules] of Object.entries(screens)) {
  const files = closure(entry)
  for (const module of modules) closure(module, files)
  const bytes = [...files].reduce((sum, file) => sum + gz(file), 0)
  const ok = bytes <= LIMIT_BYTES
  failed ||= !ok
  console.log(
    `${ok ? "ok  " : "OVER"} ${screen}: ${(bytes / 1000).toFixed(1)} KB of JavaScript gzipped in ${files.size} files (limit ${LIMIT_BYTES / 1000} KB)`
  )
}
process.exit(failed ? 1 : 0)
