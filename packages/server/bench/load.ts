// The load generator, run as its own process: autocannon against one URL with a random seeded
// user per request. Prints one JSON line of figures.
import { readFileSync } from "node:fs"
import autocannon from "autocannon"

interface Args {
  readonly url: string
  readonly method: "GET" | "POST"
  readonly connections: number
  readonly seconds: number
  readonly usersFile: string
}

const args = JSON.parse(process.argv[2]!) as Args
const users = JSON.parse(readFileSync(args.usersFile, "utf8")) as Array<{
  token: string
  portfolioId: string
}>
let n = 0
const next = () => users[(n++ * 7919) % users.length]!

const result = await autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.seconds,
  requests: [
    {
      method: args.method,
      setupRequest: (request: any) => {
        const user = next()
        const headers = { ...request.headers, authorization: `Bearer ${user.token}` }
        if (args.method === "GET") return { ...request, headers }
        return {
          ...request,
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({
            portfolioId: user.portfolioId,
            symbol: "AAPL",
            type: "buy",
            quantity: "1.25",
            price: "187.5",
            fee: "0.5",
            currency: "USD",
            executedAt: new Date(Date.now() - 60_000).toISOString()
          })
        }
      }
    }
  ]
})

console.log(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx
  })
)
