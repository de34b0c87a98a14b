import { Config, Effect, Option } from "effect"

/**
 * Without EXCHANGE_BINANCE_URL, `pnpm start` runs the exchange stand-in (infra/exchange-standin,
 * Binance's spot REST shape) on a free loopback port and sends testnet and live connections
 * there: no real exchange is ever reached from a development machine. Its account's keys are in
 * docs/execution.md.
 */
export const exchangeStandIn = Effect.gen(function* () {
  const configured = yield* Config.option(Config.string("EXCHANGE_BINANCE_URL"))
  if (Option.isSome(configured)) return []
  const standIn = yield* Effect.acquireRelease(
    // Loaded on demand: production images run without it.
    Effect.promise(() =>
      import("@trading-app/exchange-standin").then(
        ({ DEVELOPMENT_ACCOUNT, startExchangeStandIn }) =>
          startExchangeStandIn({ accounts: [DEVELOPMENT_ACCOUNT] })
      )
    ),
    (s) => Effect.promise(() => s.close())
  )
  yield* Effect.logInfo(
    `No EXCHANGE_BINANCE_URL: testnet and live connections go to the development stand-in at ${standIn.url}`
  )
  return [["EXCHANGE_BINANCE_URL", standIn.url]] as const
})
