// Runs the Librarian stand-in on its own: PORT (default 8100), LIBRARIAN_API_KEY optional.
import { startStandIn } from "./StandIn.js"

const standIn = await startStandIn({
  host: process.env.HOST ?? "127.0.0.1",
  port: Number(process.env.PORT ?? 8100),
  ...(process.env.LIBRARIAN_API_KEY ? { apiKey: process.env.LIBRARIAN_API_KEY } : {})
})
console.log(`Librarian stand-in listening on ${standIn.url}`)
process.on("SIGINT", () => void standIn.close().then(() => process.exit(0)))
process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)))
