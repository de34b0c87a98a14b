import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { openApiDocument, openApiFileText } from "../../src/OpenApiDocument.js"

const committed = resolve(import.meta.dirname, "../../../../openapi.json")

describe("openapi.json", () => {
  it("is what the code generates (run `pnpm openapi` after changing the API)", () => {
    expect(readFileSync(committed, "utf8")).toBe(openApiFileText())
  })

  it("documents every operation with a summary, an operationId, its errors and its security", () => {
    const doc = openApiDocument()
    expect(doc.openapi).toBe("3.1.0")
    expect(doc.components.securitySchemes).toEqual({ bearer: { type: "http", scheme: "bearer" } })
    const ids = new Set<string>()
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith("/api/")).toBe(true)
      for (const [method, op] of Object.entries(item as Record<string, any>)) {
        const where = `${method.toUpperCase()} ${path}`
        expect(op.summary, where).toBeTruthy()
        expect(op.operationId, where).toMatch(/^[a-z]+\.[a-zA-Z]+$/)
        ids.add(op.operationId)
        expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(["400", "500"]))
        // The event stream is opened with a ticket in its query (EventSource sends no headers);
        // TradingView's alerts carry their hook's secret in the body.
        const isPublic =
          path.startsWith("/api/auth/") ||
          path.startsWith("/api/health") ||
          path === "/api/events" ||
          path.startsWith("/api/hooks/tv/")
        if (path === "/api/events" || path.startsWith("/api/hooks/tv/"))
          expect(Object.keys(op.responses), where).toContain("401")
        expect(op.security, where).toEqual(isPublic ? [] : [{ bearer: [] }])
        if (!isPublic) expect(Object.keys(op.responses), where).toContain("401")
        if (path.includes("{")) expect(Object.keys(op.responses), where).toContain("404")
      }
    }
    expect(ids.size).toBe(126)
  })

  it("describes date-times and decimals as clients need them", () => {
    const schemas = openApiDocument().components.schemas as Record<string, any>
    expect(schemas.Timestamp).toMatchObject({ type: "string", format: "date-time" })
    expect(schemas.Quantity).toMatchObject({ type: "string", pattern: expect.any(String) })
    // One shape per activity type, each closed to other fields.
    const members = (name: string) =>
      (schemas[name].anyOf as Array<{ $ref: string }>).map((m) => m.$ref.split("/").at(-1)!)
    expect(members("CreateTransaction")).toHaveLength(11)
    expect(members("Transaction")).toHaveLength(11)
    for (const name of [...members("CreateTransaction"), ...members("Transaction")])
      expect(schemas[name].additionalProperties, name).toBe(false)
    expect(schemas.CreateDividend.properties.withholdingTax).toBeDefined()
  })
})
