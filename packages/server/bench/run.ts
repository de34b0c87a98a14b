// pnpm bench: seeds its own embedded PostgreSQL, starts the bundled server and the floor server,
// and measures them alternately with autocannon in a separate process. Prints figures only.
import { type ChildProcess, execFileSync } from "node:child_process"
import { rmSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Effect, Redacted } from "effect"
import { loadOrCreateDevSecrets } from "../src/dev/DevSecrets.js"
import { openLocalDatabase } from "../src/dev/LocalDatabase.js"
import { loadSampleMarket } from "../src/dev/MarketFeed.js"
import { freePort } from "../test/support/freePort.js"
import { benchBacktests } from "./backtests.js"
import { benchEngine } from "./engine.js"
import { benchEvents } from "./events.js"
import { benchImports } from "./imports.js"
import { benchJobs } from "./jobs.js"
import { rssMb, startNode } from "./processes.js"
import { explainList, seed } from "./seed.js"
import { benchStartup } from "./startup.js"
import { benchValuation } from "./valuation.js"

const SERVER_DIR = resolve(import.meta.dirname, "..")
const DATA = resolve(SERVER_DIR, "../../.data/bench")
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
// BENCH_ONLY=valuation (or throughput, jobs, events, imports, startup, backtests, engine) runs
// one part.
const ONLY = process.env.BENCH_ONLY
const benchmarks = (
  part:
    | "throughput"
    | "valuation"
    | "jobs"
    | "events"
    | "imports"
    | "startup"
    | "backtests"
    | "engine"
) => ONLY === undefined || ONLY === part

interface Figures {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly requests: number
  readonly errors: number
  readonly non2xx: number
}

const load = (
  url: string,
  method: "GET" | "POST",
  connections: number,
  usersFile: string,
  seconds = SECONDS
): Figures =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(SERVER_DIR, "bench/load.ts"),
        JSON.stringify({ url, method, connections, seconds, usersFile })
      ],
      { cwd: SERVER_DIR, encoding: "utf8" }
    )
      .trim()
      .split("\n")
      .at(-1)!
  )

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const summary = (runs: Figures[]) => ({
  rps: mean(runs.map((r) => r.rps)),
  p50: mean(runs.map((r) => r.p50)),
  p99: mean(runs.map((r) => r.p99)),
  failed: runs.reduce((a, r) => a + r.errors + r.non2xx, 0)
})

const main = async () => {
  if (benchmarks("startup")) await benchStartup()
  if (benchmarks("backtests")) await benchBacktests()
  if (ONLY === "startup" || ONLY === "backtests") return
  console.log("Building the server bundle...")
  execFileSync("node", ["build.mjs", "bench/floor.ts"], { cwd: SERVER_DIR, stdio: "inherit" })
  rmSync(DATA, { recursive: true, force: true })
  const secrets = loadOrCreateDevSecrets(DATA)
  const children: ChildProcess[] = []
  const pgPort = await freePort()
  const db = await openLocalDatabase({
    dataDir: join(DATA, "postgres"),
    port: pgPort,
    database: "bench",
    secrets,
    marketDataSchema: "market_data"
  })
  try {
    // The instruments transactions must name, with a month of prices.
    await Effect.runPromise(
      loadSampleMarket(db.pipelineUrl, "market_data", Date.now(), {
        hourlyDays: 30,
        minuteDays: 1,
        tradeMinutes: 30,
        seed: 1
      })
    )
    if (benchmarks("throughput")) {
      console.log("Seeding 1,000 users and 100,000 transactions...")
      const started = Date.now()
      const users = await seed(Redacted.value(db.ownerUrl), secrets.jwtSecret)
      console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      const usersFile = join(DATA, "users.json")
      writeFileSync(usersFile, JSON.stringify(users))
      const sub = JSON.parse(
        Buffer.from(users[0]!.token.split(".")[1]!, "base64url").toString()
      ).sub
      console.log(`List query plan:\n${await explainList(Redacted.value(db.ownerUrl), sub)}\n`)

      const env = {
        DATABASE_URL: Redacted.value(db.appUrl),
        JWT_SECRET: secrets.jwtSecret,
        LOG_LEVEL: "warn",
        DB_POOL_MAX: "10",
        HOST: "127.0.0.1",
        // A thousand users at full speed: far past a person's 100 requests a minute.
        API_RATE_LIMIT_PER_MINUTE: "100000000"
      }
      const oursPort = await freePort()
      const floorPort = await freePort()
      const ours = await startNode(join(SERVER_DIR, "dist/main.mjs"), env, oursPort)
      children.push(ours)
      const floor = await startNode(join(SERVER_DIR, "dist/floor.mjs"), env, floorPort)
      children.push(floor)
      const list = (port: number) => `http://127.0.0.1:${port}/api/transactions?limit=50`

      console.log("Warming up...")
      load(list(oursPort), "GET", 16, usersFile, 3)
      load(list(floorPort), "GET", 16, usersFile, 3)
      load(`http://127.0.0.1:${oursPort}/api/transactions`, "POST", 16, usersFile, 3)

      const runs = {
        ours64: [] as Figures[],
        floor64: [] as Figures[],
        ours16: [] as Figures[],
        floor16: [] as Figures[],
        post64: [] as Figures[],
        post16: [] as Figures[],
        floorPost64: [] as Figures[]
      }
      for (let round = 1; round <= ROUNDS; round++) {
        console.log(`Round ${round} of ${ROUNDS} (${SECONDS} s per measurement)...`)
        runs.ours64.push(load(list(oursPort), "GET", 64, usersFile))
        runs.floor64.push(load(list(floorPort), "GET", 64, usersFile))
        runs.ours16.push(load(list(oursPort), "GET", 16, usersFile))
        runs.floor16.push(load(list(floorPort), "GET", 16, usersFile))
        runs.post64.push(
          load(`http://127.0.0.1:${oursPort}/api/transactions`, "POST", 64, usersFile)
        )
        runs.post16.push(
          load(`http://127.0.0.1:${oursPort}/api/transactions`, "POST", 16, usersFile)
        )
        runs.floorPost64.push(
          load(`http://127.0.0.1:${floorPort}/api/transactions`, "POST", 64, usersFile)
        )
      }
      const oursRss = rssMb("VmHWM", ours.pid!)
      const floorRss = rssMb("VmHWM", floor.pid!)
      const [o64, f64, o16, f16, p64, p16, fp64] = [
        runs.ours64,
        runs.floor64,
        runs.ours16,
        runs.floor16,
        runs.post64,
        runs.post16,
        runs.floorPost64
      ].map(summary) as [
        ReturnType<typeof summary>,
        ReturnType<typeof summary>,
        ReturnType<typeof summary>,
        ReturnType<typeof summary>,
        ReturnType<typeof summary>,
        ReturnType<typeof summary>,
        ReturnType<typeof summary>
      ]
      const f = (n: number, d = 0) => n.toFixed(d)
      console.log(`
  Benchmark (${ROUNDS} rounds of ${SECONDS} s, 100,000 transactions over 1,000 users, ${process.version})
                                     trading-app        floor       ratio   target
  GET /api/transactions?limit=50
    requests/s at 64 connections  ${f(o64.rps).padStart(12)} ${f(f64.rps).padStart(12)} ${f(o64.rps / f64.rps, 2).padStart(10)}x   >= 0.5x
    p50 at 16 connections (ms)    ${f(o16.p50, 1).padStart(12)} ${f(f16.p50, 1).padStart(12)} ${f(o16.p50 / f16.p50, 2).padStart(10)}x
    p99 at 16 connections (ms)    ${f(o16.p99, 1).padStart(12)} ${f(f16.p99, 1).padStart(12)} ${f(o16.p99 / f16.p99, 2).padStart(10)}x   <= 2x
  POST /api/transactions
    requests/s at 64 connections  ${f(p64.rps).padStart(12)} ${f(fp64.rps).padStart(12)} ${f(p64.rps / fp64.rps, 2).padStart(10)}x   >= 0.5x
    p50 / p99 at 16 connections   ${`${f(p16.p50, 1)} / ${f(p16.p99, 1)}`.padStart(12)} ms
  Peak RSS (MB)                   ${f(oursRss).padStart(12)} ${f(floorRss).padStart(12)} ${"".padStart(10)}    <= 200 MB
  Failed requests (errors + non-2xx): trading-app ${o64.failed + o16.failed + p64.failed + p16.failed}, floor ${f64.failed + f16.failed + fp64.failed}
  `)
    }
    if (benchmarks("imports"))
      await benchImports({
        serverDir: SERVER_DIR,
        env: {
          DATABASE_URL: Redacted.value(db.appUrl),
          JWT_SECRET: secrets.jwtSecret,
          LOG_LEVEL: "warn",
          HOST: "127.0.0.1"
        }
      })
    if (benchmarks("valuation")) await benchValuation({ ...db, jwtSecret: secrets.jwtSecret })
    if (benchmarks("events"))
      await benchEvents({
        ownerUrl: Redacted.value(db.ownerUrl),
        appUrl: Redacted.value(db.appUrl),
        jwtSecret: secrets.jwtSecret
      })
    if (benchmarks("engine"))
      await benchEngine({
        ownerUrl: Redacted.value(db.ownerUrl),
        appUrl: Redacted.value(db.appUrl),
        pipelineUrl: Redacted.value(db.pipelineUrl),
        jwtSecret: secrets.jwtSecret
      })
    if (benchmarks("jobs"))
      await benchJobs({
        dir: DATA,
        pgPort,
        ownerUrl: db.ownerUrl,
        appUrl: db.appUrl,
        ownerPassword: secrets.ownerPassword,
        appPassword: secrets.appPassword
      })
  } catch (error) {
    // Said before the database stops, which ends any connection still open.
    console.error(error)
    throw error
  } finally {
    for (const child of children) child.kill("SIGTERM")
    await db.close()
  }
}

await main()
