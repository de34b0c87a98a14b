// Runs the exchange stand-in on its own: PORT (default 8200), with the development account.
import { DEVELOPMENT_ACCOUNT, startExchangeStandIn } from "./StandIn.js"

const standIn = await startExchangeStandIn({
  host: process.env.HOST ?? "127.0.0.1",
  port: Number(process.env.PORT ?? 8200),
  accounts: [DEVELOPMENT_ACCOUNT]
})
console.log(`Exchange stand-in (Binance spot REST) listening on ${standIn.url}`)
process.on("SIGINT", () => void standIn.close().then(() => process.exit(0)))
process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)))
