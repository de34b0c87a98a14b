import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeClient, randomClientIp } from "../support/client.js"
import { signUp } from "../support/session.js"
import { startTestServer } from "../support/TestServer.js"

/** An OTLP/HTTP receiver on loopback that keeps what it is sent. */
let receiver: Server
const received: Array<{ path: string; contentType: string; body: string }> = []
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ""
    req.on("data", (d) => {
      body += d
    })
    req.on("end", () => {
      received.push({ path: req.url ?? "", contentType: req.headers["content-type"] ?? "", body })
      res.writeHead(200, { "content-type": "application/json" }).end("{}")
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
})
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))

describe("tracing", () => {
  it("exports the spans of requests over OTLP/HTTP when an endpoint is set", async () => {
    const { port } = receiver.address() as AddressInfo
    const server = await startTestServer({
      otlpEndpoint: Option.some(`http://127.0.0.1:${port}`),
      serviceName: "trading-app-test"
    })
    const call = makeClient(server.baseUrl, randomClientIp())
    await signUp(call, "traced")
    // Spans go out in batches; closing the server flushes them.
    await server.close()
    const traces = received.filter((r) => r.path === "/v1/traces")
    expect(traces.length).toBeGreaterThan(0)
    const body = traces.map((t) => t.body).join("\n")
    expect(traces[0]!.contentType).toContain("application/json")
    expect(body).toContain('"trading-app-test"')
    expect(body).toContain("http.server POST")
    expect(body).toContain("UsersRepo")
  })
})
