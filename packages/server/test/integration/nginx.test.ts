import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process"
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from "node:fs"
import { request as httpRequest } from "node:http"
import { request } from "node:https"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CONTENT_SECURITY_POLICY } from "../../src/Http/WebApp.js"
import { STRONG_PASSWORD, uniqueEmail } from "../support/client.js"
import { freePort } from "../support/freePort.js"
import { holdPortfolioLock } from "../support/locks.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"
import { aaplTrade } from "../support/trades.js"

const ROOT = resolve(import.meta.dirname, "../../../..")
const WEB_DIST = join(ROOT, "packages", "web", "dist")
const nginxBinary = ["/usr/sbin/nginx", "nginx"].find(
  (b) => spawnSync(b, ["-v"]).error === undefined
)

interface Answer {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: string
}

/**
 * The real nginx.conf in front of the real server and a built web app on loopback. The test
 * swaps in only what must differ here: ports, certificate paths, the upstream, the web root and
 * nginx's own pid and log files; everything else is the file as deployed.
 */
describe.skipIf(nginxBinary === undefined)("nginx.conf", () => {
  const dir = mkdtempSync(join(tmpdir(), "nginx-"))
  const web = join(dir, "web")
  let server: TestServer
  let nginx: ChildProcess
  let httpPort = 0
  let httpsPort = 0
  let appPort = ""
  let cert = ""
  let entryAsset = ""

  const https = (
    path: string,
    options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}
  ) =>
    new Promise<Answer>((done, fail) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: httpsPort,
          path,
          method: options.method ?? "GET",
          headers: options.headers,
          ca: cert,
          servername: "localhost"
        },
        (res) => {
          let body = ""
          res.on("data", (d) => {
            body += d
          })
          res.on("end", () => done({ status: res.statusCode!, headers: res.headers, body }))
        }
      )
      req.on("error", fail)
      req.end(options.body)
    })

  beforeAll(async () => {
    server = await startTestServer()
    appPort = new URL(server.baseUrl).port
    httpPort = await freePort()
    httpsPort = await freePort()
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost",
        "-keyout",
        join(dir, "privkey.pem"),
        "-out",
        join(dir, "fullchain.pem")
      ],
      { stdio: "ignore" }
    )
    cert = readFileSync(join(dir, "fullchain.pem"), "utf8")
    // The real built web app, copied where nginx's unprivileged workers can read it.
    if (!existsSync(join(WEB_DIST, "index.html")))
      execFileSync("pnpm", ["--filter", "@trading-app/web", "build"], {
        cwd: ROOT,
        stdio: "ignore"
      })
    cpSync(WEB_DIST, web, { recursive: true })
    entryAsset = `/assets/${readdirSync(join(web, "assets")).find((f) => /^index-.*\.js$/.test(f))}`
    mkdirSync(join(dir, "acme", ".well-known", "acme-challenge"), { recursive: true })
    writeFileSync(join(dir, "acme", ".well-known", "acme-challenge", "token"), "proof")
    // nginx's workers run unprivileged: they must be able to read the web root.
    chmodSync(dir, 0o755)

    const swaps: Array<[string | RegExp, string]> = [
      [/^user .*$/m, ""],
      ["pid /run/nginx.pid;", `pid ${join(dir, "nginx.pid")};`],
      ["/var/log/nginx/error.log", join(dir, "error.log")],
      ["/var/log/nginx/access.log", join(dir, "access.log")],
      ["listen 80;", `listen 127.0.0.1:${httpPort};`],
      ["listen [::]:80;", ""],
      ["listen 443 ssl http2;", `listen 127.0.0.1:${httpsPort} ssl http2;`],
      ["listen [::]:443 ssl http2;", ""],
      ["/etc/letsencrypt/live/trading-app/fullchain.pem", join(dir, "fullchain.pem")],
      ["/etc/letsencrypt/live/trading-app/privkey.pem", join(dir, "privkey.pem")],
      ["/etc/letsencrypt/live/trading-app/chain.pem", join(dir, "fullchain.pem")],
      ["server trading_app:8000;", `server 127.0.0.1:${appPort};`],
      ["root /var/www/trading-app;", `root ${web};`],
      ["root /var/www/letsencrypt;", `root ${join(dir, "acme")};`],
      // Not 45 s: the 504 test makes the app slower than this.
      ["proxy_read_timeout 45s;", "proxy_read_timeout 1s;"]
    ]
    let conf = readFileSync(join(ROOT, "nginx.conf"), "utf8")
    for (const [from, to] of swaps) {
      const next = conf.replace(from, to)
      if (next === conf) throw new Error(`nginx.conf no longer has ${from}`)
      conf = next
    }
    writeFileSync(join(dir, "nginx.conf"), conf)
    const check = spawnSync(nginxBinary!, ["-t", "-q", "-p", dir, "-c", join(dir, "nginx.conf")])
    if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`)
    nginx = spawn(nginxBinary!, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], {
      stdio: "ignore"
    })
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      const up = await https("/").then(
        () => true,
        () => false
      )
      if (up) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error("nginx did not start")
  }, 60_000)

  afterAll(async () => {
    nginx?.kill("SIGTERM")
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const SECURITY_HEADERS = [
    "strict-transport-security",
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "permissions-policy",
    "cross-origin-opener-policy"
  ]
  const secured = (answer: Answer) => {
    for (const h of SECURITY_HEADERS) expect(answer.headers[h], h).toBeTruthy()
    // The policy the app itself sends under `pnpm start`, so the app is tested under this one.
    expect(answer.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY)
    expect(answer.headers.server).toBe("nginx")
  }

  it("passes nginx -t as deployed, with only the test's swaps", () => {
    const conf = readFileSync(join(dir, "nginx.conf"), "utf8")
    expect(conf).toContain("ssl_protocols TLSv1.2 TLSv1.3;")
    expect(conf).toContain("ssl_session_tickets off;")
  })

  it("redirects HTTP to HTTPS on the configured name whatever Host says, except the ACME challenge", async () => {
    for (const host of ["trading-app.example", "evil.example"]) {
      const location = await new Promise<string | undefined>((done, fail) => {
        httpRequest(
          { host: "127.0.0.1", port: httpPort, path: "/portfolios?x=1", headers: { host } },
          (res) => {
            expect(res.statusCode).toBe(301)
            res.resume()
            done(res.headers.location)
          }
        )
          .on("error", fail)
          .end()
      })
      expect(location).toBe("https://trading-app.example/portfolios?x=1")
    }
    const acme = await fetch(`http://127.0.0.1:${httpPort}/.well-known/acme-challenge/token`)
    expect(acme.status).toBe(200)
    expect(await acme.text()).toBe("proof")
  })

  it("speaks TLS 1.2 and 1.3 only", () => {
    const handshake = (flag: string) =>
      spawnSync(
        "openssl",
        ["s_client", flag, "-cipher", "DEFAULT:@SECLEVEL=0", "-connect", `127.0.0.1:${httpsPort}`],
        { input: "", encoding: "utf8", timeout: 10_000 }
      )
    expect(handshake("-tls1_3").stdout).toContain("TLSv1.3")
    expect(handshake("-tls1_2").stdout).toContain("TLSv1.2")
    for (const old of ["-tls1", "-tls1_1"]) {
      const res = handshake(old)
      expect(res.status, old).not.toBe(0)
      expect(res.stdout, old).toContain("no peer certificate available")
      expect(res.stdout, old).toContain("Cipher is (NONE)")
    }
  })

  it("serves the web app: index.html revalidated, hashed assets cached for good, gzip, deep routes", async () => {
    const index = await https("/", { headers: { "accept-encoding": "gzip" } })
    expect(index.status).toBe(200)
    expect(index.headers["cache-control"]).toBe("no-cache")
    expect(index.headers["content-encoding"]).toBe("gzip")
    secured(index)
    const deep = await https("/markets/BTC-USD")
    expect(deep.status).toBe(200)
    expect(deep.body).toContain('<div id="root">')
    expect(deep.body).toContain(`src="${entryAsset}"`)
    expect(deep.headers["cache-control"]).toBe("no-cache")
    const asset = await https(entryAsset, { headers: { "accept-encoding": "gzip" } })
    expect(asset.status).toBe(200)
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
    expect(asset.headers["content-type"]).toMatch(/javascript/)
    // The build's own maximal compression, sent as is (gzip_static), not nginx's on the fly.
    expect(asset.headers["content-encoding"]).toBe("gzip")
    expect(Number(asset.headers["content-length"])).toBe(
      statSync(join(web, `${entryAsset}.gz`)).size
    )
    secured(asset)
    expect((await https("/.vite/manifest.json")).status).toBe(404)
    const missing = await https("/assets/gone-000000.js")
    expect(missing.status).toBe(404)
    secured(missing)
  })

  it("proxies /api/ to the app with the security headers, also on its errors", async () => {
    const health = await https("/api/health")
    expect(health.status).toBe(200)
    expect(JSON.parse(health.body)).toEqual({ status: "ok" })
    expect(health.headers["cache-control"]).toBe("no-store")
    secured(health)
    const notFound = await https("/api/nope")
    expect(notFound.status).toBe(404)
    secured(notFound)
  })

  it("forwards the client's address, overwriting any X-Forwarded-For it sent", async () => {
    const email = uniqueEmail("nginx")
    const res = await https("/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.66" },
      body: JSON.stringify({ email, password: STRONG_PASSWORD, acceptTerms: true })
    })
    expect(res.status).toBe(201)
    const rows = await server.ownerQuery(
      (sql) => sql<{ ip: string }>`SELECT a.ip FROM app_data.audit_log a
        JOIN app_data.users u ON u.id = a.user_id WHERE u.email = ${email}`
    )
    expect(rows.map((r) => r.ip)).toContain("127.0.0.1")
    expect(rows.map((r) => r.ip)).not.toContain("203.0.113.66")
  })

  /** An error nginx made itself, in the API's JSON error shape. */
  const apiError = (answer: Answer, status: number, tag: string) => {
    expect(answer.status).toBe(status)
    expect(answer.headers["content-type"]).toBe("application/json")
    const body = JSON.parse(answer.body)
    expect(body).toMatchObject({ _tag: tag, message: expect.any(String) })
    secured(answer)
    return body
  }

  it("refuses oversize bodies with 413 and hammering of sign-in with 429, as JSON with Retry-After", async () => {
    const big = await https("/api/transactions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ note: "x".repeat(100 * 1024) })
    })
    apiError(big, 413, "PayloadTooLarge")
    const answers: Array<Answer> = []
    const nobody = uniqueEmail("nobody")
    for (let i = 0; i < 12; i++) {
      answers.push(
        await https("/api/auth/login", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: nobody, password: "wrong password!" })
        })
      )
    }
    const statuses = answers.map((a) => a.status)
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    // Each 429 carries one Retry-After, the same as its body says: the app's own (its limit per
    // account, minutes) passes as it is, and nginx's zone adds its own only to its own refusals.
    const limited = answers.filter((a) => a.status === 429)
    expect(limited.length).toBeGreaterThan(0)
    for (const answer of limited) {
      const body = apiError(answer, 429, "TooManyRequests")
      expect(answer.headers["retry-after"]).toBe(String(body.retryAfter))
    }
    expect(limited.map((a) => JSON.parse(a.body).retryAfter)).toContain(6)
    expect((await https("/api/health")).headers["retry-after"]).toBeUndefined()
  })

  it("lets CSV uploads of up to 10 MiB through to the app, and refuses larger ones itself", async () => {
    // Past the 64 KiB of other requests: the app answers (401, no token), so nginx passed it on.
    const file = await https("/api/imports/uploads?portfolioId=x&fileName=a.csv", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.alloc(200 * 1024, 65)
    })
    expect(file.status).toBe(401)
    // Larger than nginx takes: refused from the Content-Length alone, before any byte is read.
    const huge = await https("/api/imports/uploads?portfolioId=x&fileName=a.csv", {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(12 * 1024 * 1024)
      }
    })
    expect(apiError(huge, 413, "PayloadTooLarge").message).toBe("The file is larger than 10 MiB")
  })

  it("lets research documents of up to 20 MiB through to the app, and refuses larger ones itself", async () => {
    const file = await https("/api/research/documents?name=a.pdf", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.alloc(12 * 1024 * 1024, 65)
    })
    expect(file.status).toBe(401)
    const huge = await https("/api/research/documents?name=a.pdf", {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(22 * 1024 * 1024)
      }
    })
    expect(apiError(huge, 413, "PayloadTooLarge").message).toBe("The file is larger than 20 MiB")
  })

  it("gives refreshing a session a limit of its own, well above sign-in's", async () => {
    const statuses: Array<number> = []
    for (let i = 0; i < 15; i++) {
      statuses.push((await https("/api/auth/refresh", { method: "POST" })).status)
    }
    expect(statuses.every((s) => s === 401)).toBe(true)
  })

  /** JSON headers of a new user, registered with the app directly from `ip`. */
  const signedUp = async (tag: string, ip: string) => {
    const headers = { "content-type": "application/json", "x-forwarded-for": ip }
    const registered = await fetch(`${server.baseUrl}/api/auth/register`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        email: uniqueEmail(tag),
        password: STRONG_PASSWORD,
        acceptTerms: true
      })
    }).then((r) => r.json() as Promise<{ accessToken: string }>)
    return { ...headers, authorization: `Bearer ${registered.accessToken}` }
  }

  it("answers 504 of its own as JSON when the app is slower than the read timeout", async () => {
    const auth = await signedUp("slow", "2001:db8::504")
    const portfolios = await fetch(`${server.baseUrl}/api/portfolios`, { headers: auth }).then(
      (r) => r.json() as Promise<{ items: Array<{ id: string }> }>
    )
    const portfolioId = portfolios.items[0]!.id
    const trade = (side: string) => JSON.stringify(aaplTrade(portfolioId, side))
    await fetch(`${server.baseUrl}/api/transactions`, {
      method: "POST",
      headers: auth,
      body: trade("buy")
    })
    // A sale waits for its portfolio, which the test holds: the app answers later than nginx waits.
    const lock = await holdPortfolioLock(portfolioId)
    try {
      const slow = await https("/api/transactions", {
        method: "POST",
        headers: auth,
        body: trade("sell")
      })
      apiError(slow, 504, "GatewayTimeout")
    } finally {
      await lock.release()
    }
  })

  it("streams /api/events unbuffered, past the API's read timeout, and logs no ticket", async () => {
    const auth = await signedUp("sse", "2001:db8::5e")
    const ticketAnswer = await https("/api/events/ticket", { method: "POST", headers: auth })
    expect(ticketAnswer.status).toBe(200)
    const { ticket } = JSON.parse(ticketAnswer.body) as { ticket: string }

    const chunks: Array<{ at: number; text: string }> = []
    let ended = false
    const stream = request({
      host: "127.0.0.1",
      port: httpsPort,
      path: `/api/events?ticket=${ticket}`,
      headers: { "accept-encoding": "gzip" },
      ca: cert,
      servername: "localhost"
    })
    const response = await new Promise<import("node:http").IncomingMessage>((done, fail) => {
      stream.on("response", done)
      stream.on("error", fail)
      stream.end()
    })
    response.setEncoding("utf8")
    response.on("data", (text: string) => chunks.push({ at: Date.now(), text }))
    response.on("end", () => {
      ended = true
    })
    try {
      expect(response.statusCode).toBe(200)
      expect(response.headers["content-type"]).toBe("text/event-stream")
      expect(response.headers["content-encoding"]).toBeUndefined()
      const all = () => chunks.map((c) => c.text).join("")
      const until = async (what: string, done: () => boolean) => {
        const deadline = Date.now() + 5000
        while (!done()) {
          if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
          await new Promise((r) => setTimeout(r, 20))
        }
      }
      await until("the stream's first line", () => all().includes("retry:"))
      const portfolios = JSON.parse((await https("/api/portfolios", { headers: auth })).body) as {
        items: Array<{ id: string }>
      }
      const posted = await https("/api/transactions", {
        method: "POST",
        headers: auth,
        body: JSON.stringify(aaplTrade(portfolios.items[0]!.id, "buy"))
      })
      expect(posted.status).toBe(201)
      const postedAt = Date.now()
      await until("the event", () => all().includes('"transactions.changed"'))
      const arrival = chunks.find((c) => c.text.includes("transactions.changed"))!.at
      expect(arrival - postedAt).toBeLessThan(1000)
      // Open past the 1 s read timeout the other API locations have here, on heartbeats.
      await new Promise((r) => setTimeout(r, 2500))
      expect(ended).toBe(false)
      expect(all()).toContain(": keep-alive")
    } finally {
      stream.destroy()
    }
    await new Promise((r) => setTimeout(r, 200))
    const log = readFileSync(join(dir, "access.log"), "utf8")
    expect(log).toContain('"uri":"/api/events"')
    expect(log).not.toContain(ticket)
  })

  it("answers 502 of its own as JSON when the app is away, and passes the app's own errors", async () => {
    const appNotFound = await https("/api/nope")
    expect(JSON.parse(appNotFound.body)).toMatchObject({ _tag: "NotFound" })
    await server.close()
    try {
      apiError(await https("/api/health"), 502, "BadGateway")
    } finally {
      server = await startTestServer({}, Number(appPort))
    }
    expect((await https("/api/health")).status).toBe(200)
  })
})
