// Writes openapi.json at the repository root from the HttpApi definition (pnpm openapi).
import { writeFileSync } from "node:fs"
import { resolve } from "node:path"
import { openApiFileText } from "../OpenApiDocument.js"

const target = resolve(import.meta.dirname, "../../../../openapi.json")
writeFileSync(target, openApiFileText())
console.log(`Wrote ${target}`)
