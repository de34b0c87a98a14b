// The import part of pnpm bench: a CSV file of 50,000 activities in this app's own format,
// uploaded to the bundled server (with production's heap limit), its dry run and its commit
// timed, and the server's peak memory read. Prints figures only.
import type { ChildProcess } from "node:child_process"
import { join } from "node:path"
import { MAX_IMPORT_ROWS } from "@trading-app/domain"
import { freePort } from "../test/support/freePort.js"
import { rssMb, startNode } from "./processes.js"

const SYMBOLS = ["AAPL", "MSFT", "NVDA", "TSLA", "SPY", "BTC-USD", "ETH-USD", "SOL-USD"]
const HEADER =
  "date,type,symbol,quantity,price,fee,amount,withholdingTax,costBasis,sharesBefore,sharesAfter,currency,note,externalId"

/**
 * Rows over the last two years: mostly purchases, a sale of part of an earlier purchase every
 * fifth row, a dividend every twentieth (so the oversell walk has real work), each with its id.
 */
const file = (rows: number) => {
  const start = Date.now() - 2 * 365 * 86_400_000
  const step = Math.floor((2 * 365 * 86_400_000 - 86_400_000) / rows)
  const lines = [HEADER]
  for (let i = 0; i < rows; i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length]!
    const date = new Date(start + i * step).toISOString()
    const price = (100 + (i % 97) + (i % 13) / 8).toFixed(3)
    if (i % 20 === 19) lines.push(`${date},dividend,${symbol},,,,${(i % 7) + 1}.25,0,,,,USD,,r${i}`)
    else if (i % 5 === 4) lines.push(`${date},sell,${symbol},1.5,${price},0.5,,,,,,USD,,r${i}`)
    else lines.push(`${date},buy,${symbol},${(i % 9) + 2},${price},1,,,,,,USD,bench row ${i},r${i}`)
  }
  return `${lines.join("\n")}\n`
}

export const benchImports = async (options: {
  readonly serverDir: string
  readonly env: Record<string, string>
}) => {
  const port = await freePort()
  const children: Array<ChildProcess> = []
  try {
    const server = await startNode(join(options.serverDir, "dist/main.mjs"), options.env, port)
    children.push(server)
    const base = `http://127.0.0.1:${port}/api`
    const json = async (
      method: string,
      path: string,
      token: string | undefined,
      body?: unknown
    ) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {})
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const answer = (await res.json()) as any
      if (res.status >= 300)
        throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`)
      return answer
    }
    const registered = await json("POST", "/auth/register", undefined, {
      email: `bench-import-${Date.now()}@example.com`,
      password: "correct horse battery staple",
      acceptTerms: true
    })
    const token = registered.accessToken as string
    const portfolioId = (await json("GET", "/portfolios", token)).items[0].id as string
    const csv = Buffer.from(file(MAX_IMPORT_ROWS))

    const time = async <A>(run: () => Promise<A>): Promise<[A, number]> => {
      const started = performance.now()
      const result = await run()
      return [result, performance.now() - started]
    }
    const [upload, uploadMs] = await time(async () => {
      const res = await fetch(
        `${base}/imports/uploads?portfolioId=${portfolioId}&fileName=bench.csv`,
        {
          method: "POST",
          headers: { "content-type": "application/octet-stream", authorization: `Bearer ${token}` },
          body: csv
        }
      )
      const body = (await res.json()) as any
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`)
      return body
    })
    const chosen = { settings: upload.settings, preset: upload.preset }
    const dryRuns: Array<number> = []
    let counts: Record<string, number> = {}
    for (let i = 0; i < 3; i++) {
      const [preview, ms] = await time(() =>
        json("POST", `/imports/uploads/${upload.id}/preview`, token, { ...chosen, limit: 100 })
      )
      counts = preview.counts
      dryRuns.push(ms)
    }
    const [run, commitMs] = await time(() =>
      json("POST", `/imports/uploads/${upload.id}/commit`, token, chosen)
    )
    const peak = rssMb("VmHWM", server.pid!)
    const f = (ms: number) => (ms / 1000).toFixed(2)
    console.log(`
  Import benchmark (${MAX_IMPORT_ROWS.toLocaleString("en")} rows, ${(csv.length / 1024 / 1024).toFixed(1)} MiB, own format, ${process.version})
    upload and detection              ${f(uploadMs).padStart(8)} s
    dry run (first, then warm)        ${dryRuns.map(f).join(" / ").padStart(8)} s   target <= 3 s
    commit (${String(run.imported).padStart(6)} rows recorded)    ${f(commitMs).padStart(8)} s   target <= 5 s
    rows: ${JSON.stringify(counts)}
    server peak RSS                   ${peak.toFixed(0).padStart(8)} MB  (heap limit 192 MB)
`)
  } finally {
    for (const child of children) child.kill("SIGTERM")
  }
}
