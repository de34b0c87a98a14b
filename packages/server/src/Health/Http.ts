import { HttpApiBuilder } from "@effect/platform"
import { SqlClient } from "@effect/sql"
import { Api, ServiceUnavailable } from "@trading-app/domain"
import { Effect } from "effect"
import { AppConfig } from "../AppConfig.js"
import { pendingMigrations } from "../Database/Migrations.js"
import { Librarian } from "../Librarian/Librarian.js"
import { checkMarketDataContract } from "../MarketData/Contract.js"

export const HealthHttpLive = HttpApiBuilder.group(Api, "health", (handlers) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const { marketDataSchema } = yield* AppConfig
    const librarian = yield* Librarian
    const readiness = Effect.gen(function* () {
      // Not waiting for a stalled statement to be cancelled: readiness answers in 2 s.
      const database = yield* sql`SELECT 1`.pipe(
        Effect.disconnect,
        Effect.timeout("2 seconds"),
        Effect.as("ok"),
        Effect.orElseSucceed(() => "unreachable")
      )
      const migrations =
        database !== "ok"
          ? "unknown"
          : yield* pendingMigrations.pipe(
              Effect.map((pending) =>
                pending.length === 0 ? "ok" : `pending: ${pending.join(", ")}`
              ),
              Effect.orElseSucceed(() => "not migrated")
            )
      const marketData =
        database !== "ok"
          ? "unknown"
          : yield* checkMarketDataContract(marketDataSchema).pipe(
              Effect.as("ok"),
              Effect.catchTags({
                MarketDataContractError: (e) => Effect.succeed(e.problems.join("; ")),
                SqlError: () => Effect.succeed("unreadable")
              })
            )
      // The assistant is reported but does not make the app unready: the rest works without it.
      const assistant = yield* librarian.status
      const checks = {
        database,
        migrations,
        marketData,
        librarian:
          assistant.service === "stand-in"
            ? `${assistant.reachability} (development stand-in)`
            : assistant.reachability,
        librarianBreaker: assistant.breaker
      }
      if (database !== "ok" || migrations !== "ok" || marketData !== "ok") {
        return yield* new ServiceUnavailable({ message: "Not ready to serve requests", checks })
      }
      return { status: "ready" as const, checks }
    })
    return handlers
      .handle("live", () => Effect.succeed({ status: "ok" as const }))
      .handle("ready", () => readiness)
  })
)
