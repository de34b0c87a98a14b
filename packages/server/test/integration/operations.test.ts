import { describe, expect, it } from "vitest"
import { makeClient, randomClientIp } from "../support/client.js"
import { useTestServer } from "../support/server.js"
import { signUpAs } from "../support/session.js"
import { startTestServer } from "../support/TestServer.js"
import { until } from "../support/until.js"

const { call, ownerQuery } = useTestServer()

interface Replica {
  readonly id: string
  readonly role: string
  readonly version: string
  readonly requests: { perMinute: number; errorRatePercent: number; p95Ms: number | null }
  readonly pool: { total: number; idle: number; waiting: number }
}

describe("the operations dashboard", () => {
  it("shows the database, the market data, the Librarian and the job queues", async () => {
    const admin = await signUpAs(call, ownerQuery, "admin")
    const res = await call("GET", "/api/admin/operations", { token: admin.token })
    expect(res.status).toBe(200)
    const { database, marketData, librarian, jobs } = res.body
    expect(database).toMatchObject({ reachable: true })
    expect(database.latencyMs).toBeGreaterThanOrEqual(0)
    expect(database.version).toMatch(/^\d+/)
    expect(database.sizeBytes).toBeGreaterThan(0)
    expect(database.connections).toBeGreaterThan(0)
    const aapl = marketData.find((m: { symbol: string }) => m.symbol === "AAPL")
    expect(aapl).toMatchObject({ symbol: "AAPL", active: true })
    expect(aapl.lastCandleAgeSeconds).toBeGreaterThanOrEqual(0)
    expect(librarian).toEqual({
      service: expect.any(String),
      reachability: expect.any(String),
      breaker: expect.any(String)
    })
    expect(jobs.map((q: { queue: string }) => q.queue)).toContain("housekeeping")
    // This request and the sign-up's, in the next report (every second here).
    await until("the requests in a report", async () => {
      const next = await call("GET", "/api/admin/operations", { token: admin.token })
      return next.body.requests.perMinute > 0 ? true : undefined
    })

    const manager = await signUpAs(call, ownerQuery, "manager")
    expect((await call("GET", "/api/admin/operations", { token: manager.token })).status).toBe(403)
  })

  it("lists every live replica with its version, requests and pool; a stopped one leaves", async () => {
    const admin = await signUpAs(call, ownerQuery, "admin")
    const replicas = async () =>
      (await call("GET", "/api/admin/operations", { token: admin.token })).body
        .replicas as Array<Replica>
    const before = new Set((await replicas()).map((r) => r.id))
    const replica = await startTestServer()
    const onReplica = makeClient(replica.baseUrl, randomClientIp())
    let replicaId: string
    try {
      // A few requests answered by the second replica, one of them a failure of the client.
      for (let i = 0; i < 5; i++)
        expect((await onReplica("GET", "/api/portfolios", { token: admin.token })).status).toBe(200)
      const listed = await until("the second replica's report", async () => {
        const fresh = (await replicas()).filter((r) => !before.has(r.id))
        return fresh.find((r) => r.requests.perMinute >= 5)
      })
      replicaId = listed.id
      expect(listed).toMatchObject({ role: "app", version: "test" })
      expect(listed.requests.p95Ms).toBeGreaterThan(0)
      expect(listed.pool.total).toBeGreaterThan(0)
      expect((await replicas()).length).toBeGreaterThanOrEqual(2)
    } finally {
      await replica.close()
    }
    expect((await replicas()).map((r) => r.id)).not.toContain(replicaId)
  })
})
