// `pnpm start` builds the web app only when what it is built from changed since the last build:
// its sources, the domain package, the build's configuration and the lockfile. The fingerprint
// of the last build is kept in dist/.sources.
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const web = join(import.meta.dirname, "..")
const root = join(web, "..", "..")
const inputs = [
  join(web, "src"),
  join(web, "index.html"),
  join(web, "vite.config.ts"),
  join(web, "package.json"),
  join(root, "packages", "domain", "src"),
  join(root, "pnpm-lock.yaml")
]

const files = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .sort()
        .flatMap((name) => files(join(path, name)))
    : [path]

const hash = createHash("sha256")
for (const file of inputs.filter(existsSync).flatMap(files)) {
  hash.update(file.slice(root.length))
  hash.update(readFileSync(file))
}
const fingerprint = hash.digest("hex")
const stamp = join(web, "dist", ".sources")

if (
  existsSync(join(web, "dist", "index.html")) &&
  existsSync(stamp) &&
  readFileSync(stamp, "utf8") === fingerprint
) {
  console.log("The web app is up to date (packages/web/dist)")
} else {
  // Quicker compression than a release build's (a few per cent larger files, seconds sooner).
  execFileSync("pnpm", ["exec", "vite", "build"], {
    cwd: web,
    stdio: "inherit",
    env: { ...process.env, WEB_GZIP: "fast" }
  })
  writeFileSync(stamp, fingerprint)
}
