import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { promisify } from "node:util"
import { atLeast, type Role } from "@trading-app/domain"
import { describe, expect, it } from "vitest"
import * as testDb from "../support/databases.js"
import { useTestServer } from "../support/server.js"
import { type Session, signUp, signUpAs } from "../support/session.js"

const { call, ownerQuery } = useTestServer()

const asRole = (role: Role) => signUpAs(call, ownerQuery, role, `role-${role}`)

// Every authenticated operation of the committed openapi.json, with the role it declares.
interface Operation {
  readonly security: Array<unknown>
  readonly responses: object
  readonly "x-required-role"?: Role
}
const openapi = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../../../openapi.json"), "utf8")
) as { paths: Record<string, Record<string, Operation>> }
const operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    .filter(([, op]) => op.security.length > 0)
    .map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      least: op["x-required-role"] ?? "viewer",
      declares403: "403" in op.responses
    }))
)
const concrete = (path: string) =>
  path
    .replace(/\{symbol\}/g, "AAPL")
    .replace(/\{portfolioId\}/g, "all")
    .replace(/\{[a-zA-Z]+\}/g, "00000000-0000-4000-8000-000000000000")

describe("roles", () => {
  it("are declared: trader for every change to a ledger, a portfolio, research or trading, manager for support, admin for changes to users and the global kill switch, 403 on every operation", () => {
    expect(operations.filter((o) => !o.declares403)).toEqual([])
    const needing = (role: Role) =>
      operations
        .filter((o) => o.least === role)
        .map((o) => `${o.method} ${o.path}`)
        .sort()
    expect(needing("manager")).toEqual(
      [
        "GET /api/admin/users",
        "GET /api/admin/users/{userId}",
        "GET /api/admin/users/{userId}/sessions",
        "GET /api/admin/users/{userId}/portfolios",
        "GET /api/admin/users/{userId}/portfolios/{portfolioId}/holdings",
        "GET /api/admin/users/{userId}/transactions",
        "GET /api/admin/audit",
        "GET /api/admin/audit/export",
        "GET /api/admin/system-log",
        "GET /api/admin/system-log/export"
      ].sort()
    )
    expect(needing("admin")).toEqual(
      [
        "GET /api/admin/operations",
        "PUT /api/admin/users/{userId}/role",
        "POST /api/admin/users/{userId}/disable",
        "POST /api/admin/users/{userId}/enable",
        "POST /api/admin/users/{userId}/unlock",
        "DELETE /api/admin/users/{userId}/sessions",
        "PUT /api/risk/kill-switch/global"
      ].sort()
    )
    expect(needing("trader")).toEqual(
      [
        "POST /api/portfolios",
        "PATCH /api/portfolios/{portfolioId}",
        "DELETE /api/portfolios/{portfolioId}",
        "POST /api/transactions",
        "PATCH /api/transactions/{transactionId}",
        "DELETE /api/transactions/{transactionId}",
        "POST /api/imports/uploads",
        "POST /api/imports/uploads/{uploadId}/preview",
        "POST /api/imports/uploads/{uploadId}/commit",
        "POST /api/imports/runs/{runId}/undo",
        "PUT /api/imports/profiles",
        "DELETE /api/imports/profiles/{profileId}",
        "POST /api/strategies",
        "PATCH /api/strategies/{strategyId}",
        "DELETE /api/strategies/{strategyId}",
        "POST /api/backtests",
        "DELETE /api/backtests/{backtestId}",
        "POST /api/searches",
        "DELETE /api/searches/{searchId}",
        "POST /api/research/documents",
        "DELETE /api/research/documents/{documentId}",
        "POST /api/research/drafts/{draftId}/dismiss",
        "POST /api/signals/watches",
        "PATCH /api/signals/watches/{watchId}",
        "POST /api/signals/watches/{watchId}/stop",
        "DELETE /api/signals/watches/{watchId}",
        "PUT /api/signals/webhook",
        "DELETE /api/signals/webhook",
        "POST /api/signals/webhook/test",
        "POST /api/connections",
        "PATCH /api/connections/{connectionId}",
        "DELETE /api/connections/{connectionId}",
        "POST /api/connections/{connectionId}/check",
        "POST /api/bots",
        "PATCH /api/bots/{botId}",
        "DELETE /api/bots/{botId}",
        "POST /api/groups/{groupId}/close",
        "POST /api/hooks/tradingview/rotate",
        "PUT /api/risk/kill-switch",
        "PUT /api/risk/limits",
        "DELETE /api/risk/queue/{signalId}",
        "POST /api/orders",
        "POST /api/orders/{orderId}/cancel"
      ].sort()
    )
  })

  it("hold on the server for every role and every operation: a viewer reads, the others also write", async () => {
    const sessions: Record<Role, Session> = {
      viewer: await asRole("viewer"),
      trader: await asRole("trader"),
      manager: await asRole("manager"),
      admin: await asRole("admin")
    }
    const matrix: Array<string> = []
    for (const role of ["viewer", "trader", "manager", "admin"] as const) {
      for (const op of operations) {
        const res = await call(op.method, concrete(op.path), {
          token: sessions[role].token,
          ...(op.method === "GET" || op.method === "DELETE"
            ? {}
            : op.path === "/api/imports/uploads" || op.path === "/api/research/documents"
              ? { rawBody: "x", headers: { "content-type": "application/octet-stream" } }
              : { body: {} })
        })
        const refused = res.status === 403
        const expected = !atLeast(role, op.least)
        if (refused !== expected) matrix.push(`${role} ${op.method} ${op.path}: ${res.status}`)
        if (refused) expect(res.body._tag).toBe("Forbidden")
        expect(res.status, `${role} ${op.method} ${op.path}`).toBeLessThan(500)
      }
    }
    expect(matrix).toEqual([])
  })

  it("count from the next request, and a disabled account is shut out at once", async () => {
    const user = await asRole("viewer")
    const portfolioId = (await call("GET", "/api/portfolios", { token: user.token })).body.items[0]
      .id
    const rename = () =>
      call("PATCH", `/api/portfolios/${portfolioId}`, {
        token: user.token,
        body: { name: "Renamed" }
      })
    const refused = await rename()
    expect(refused.status).toBe(403)
    expect(refused.body.message).toMatch(/viewer/)
    await ownerQuery(
      (sql) => sql`UPDATE app_data.users SET role = 'trader' WHERE id = ${user.userId}`
    )
    expect((await rename()).status).toBe(200)
    expect((await call("GET", "/api/users/me", { token: user.token })).body.role).toBe("trader")

    await ownerQuery(
      (sql) => sql`UPDATE app_data.users SET disabled_at = now() WHERE id = ${user.userId}`
    )
    const shut = await call("GET", "/api/portfolios", { token: user.token })
    expect(shut.status).toBe(401)
    expect(shut.body.message).toMatch(/disabled/)
    const login = await call("POST", "/api/auth/login", {
      body: { email: user.email, password: user.password }
    })
    expect(login.status).toBe(401)
    expect(login.body.message).toMatch(/disabled/)
  })

  it("come from `pnpm user:role` for the first administrator, with an audit entry", async () => {
    const user = await signUp(call, "first-admin")
    const run = (...args: Array<string>) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "src/bin/setRole.ts", ...args], {
        cwd: resolve(import.meta.dirname, "../.."),
        env: { ...process.env, DATABASE_URL: testDb.databaseUrl, LOG_FORMAT: "json" }
      }).then(
        ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({
          code: e.code,
          output: e.stdout + e.stderr
        })
      )
    const done = await run(user.email.toUpperCase(), "admin")
    expect(done.code, done.output).toBe(0)
    expect(done.output).toContain("was trader, is now admin")
    expect((await call("GET", "/api/users/me", { token: user.token })).body.role).toBe("admin")
    const audit = await ownerQuery(
      (sql) => sql<{
        action: string
        actorId: string | null
        details: { from: string; to: string }
      }>`
        SELECT action, actor_id AS "actorId", details FROM app_data.audit_log
        WHERE user_id = ${user.userId} AND action = 'role_changed'`
    )
    expect(audit).toEqual([
      {
        action: "role_changed",
        actorId: null,
        details: { from: "trader", to: "admin", by: "command line" }
      }
    ])
    const unknown = await run("nobody@example.com", "admin")
    expect(unknown.code).not.toBe(0)
    expect(unknown.output).toContain("No user has the e-mail nobody@example.com")
    const wrong = await run(user.email, "owner")
    expect(wrong.code).not.toBe(0)
    expect(wrong.output).toContain("owner is not a role")
  })
})
