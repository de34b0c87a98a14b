import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CONTENT_SECURITY_POLICY } from "../../src/Http/WebApp.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"

/** The built web app served from the API's origin, as `pnpm start` does (WEB_ROOT). */
describe("the web app served by the server", () => {
  const root = mkdtempSync(join(tmpdir(), "web-"))
  const script = "console.log('app')\n".repeat(50)
  let server: TestServer

  beforeAll(async () => {
    mkdirSync(join(root, "assets"))
    mkdirSync(join(root, ".vite"))
    writeFileSync(join(root, "index.html"), '<!doctype html><div id="root"></div>')
    writeFileSync(join(root, "assets", "index-abc123.js"), script)
    writeFileSync(join(root, "assets", "index-abc123.js.gz"), gzipSync(script))
    writeFileSync(join(root, ".vite", "manifest.json"), "{}")
    server = await startTestServer({ webRoot: Option.some(root) })
  })
  afterAll(async () => {
    await server?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it("answers client routes with index.html, revalidated, under the content security policy", async () => {
    for (const path of ["/", "/transactions", "/markets/BTC-USD?x=1"]) {
      const res = await fetch(`${server.baseUrl}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8")
      expect(res.headers.get("cache-control")).toBe("no-cache")
      expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY)
      expect(res.headers.get("x-content-type-options")).toBe("nosniff")
      expect(await res.text()).toContain('<div id="root">')
    }
  })

  it("serves hashed assets for good, gzipped when the client takes it", async () => {
    const res = await fetch(`${server.baseUrl}/assets/index-abc123.js`)
    expect(res.status).toBe(200)
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable")
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8")
    expect(res.headers.get("content-encoding")).toBe("gzip")
    expect(await res.text()).toBe(script)
    const head = await fetch(`${server.baseUrl}/assets/index-abc123.js`, { method: "HEAD" })
    expect(head.status).toBe(200)
  })

  it("keeps unknown API paths, unknown assets and the build manifest out of the app", async () => {
    const api = await fetch(`${server.baseUrl}/api/nope`)
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ _tag: "NotFound" })
    expect((await fetch(`${server.baseUrl}/assets/gone.js`)).status).toBe(404)
    const manifest = await fetch(`${server.baseUrl}/.vite/manifest.json`)
    expect(await manifest.text()).toContain('<div id="root">')
    // A malformed escape is a 404, never a server error.
    const malformed = await fetch(`${server.baseUrl}/%E0%A4%A`)
    expect(malformed.status).toBe(404)
    const health = await fetch(`${server.baseUrl}/api/health`)
    expect(health.headers.get("cache-control")).toBe("no-store")
  })
})
