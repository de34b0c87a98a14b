import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join, sep } from "node:path"
import { gzipSync } from "node:zlib"
import { gzipAsync } from "@gfx/zopfli"
import react from "@vitejs/plugin-react"
import { defineConfig, type Plugin } from "vite"

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/

/**
 * Writes a gzipped copy next to each text file, which nginx (`gzip_static`) and the app's server
 * send as they are. Zopfli writes ordinary gzip, 4–8 % smaller than zlib's best, once per build;
 * `WEB_GZIP=fast` (what `pnpm start` builds with) takes zlib's best, seconds faster.
 */
const precompress = (): Plugin => ({
  name: "precompress",
  apply: "build",
  async closeBundle() {
    const walk = (dir: string): Array<string> =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name)
        return statSync(path).isDirectory() ? walk(path) : [path]
      })
    const files = walk(join(import.meta.dirname, "dist")).filter(
      (file) => COMPRESSIBLE.test(file) && !file.includes(`${sep}.vite${sep}`)
    )
    const fast = process.env.WEB_GZIP === "fast"
    await Promise.all(
      files.map(async (file) => {
        const text = readFileSync(file)
        writeFileSync(
          `${file}.gz`,
          fast ? gzipSync(text, { level: 9 }) : await gzipAsync(text, { numiterations: 1 })
        )
      })
    )
  }
})

// The dev server proxies /api to the backend so the app and the API share one origin, as they do
// behind nginx and under `pnpm start`.
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Hashed names under /assets/: nginx caches them for a year.
    assetsDir: "assets",
    target: "es2022",
    // scripts/budget.mjs reads it to know which chunks each screen needs.
    manifest: true,
    // `pnpm budget` holds each screen to its gzipped budget; Rollup's warning about minified
    // chunks over 500 kB (the charts library is one) would only repeat it less precisely.
    chunkSizeWarningLimit: 1000
  },
  server: {
    proxy: { "/api": process.env.API_URL ?? "http://localhost:8000" }
  }
})
