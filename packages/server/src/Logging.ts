import { Config, Effect, Layer, Logger, LogLevel } from "effect"

/** JSON lines in production (LOG_FORMAT=json), readable lines otherwise; LOG_LEVEL filters. */
export const LoggerLive = Layer.unwrapEffect(
  Effect.gen(function* () {
    const format = yield* Config.literal(
      "json",
      "pretty"
    )("LOG_FORMAT").pipe(Config.withDefault("pretty"))
    const level = yield* Config.logLevel("LOG_LEVEL").pipe(Config.withDefault(LogLevel.Info))
    return Layer.merge(
      format === "json" ? Logger.json : Logger.pretty,
      Logger.minimumLogLevel(level)
    )
  })
)
