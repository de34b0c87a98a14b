import { existsSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import { parse } from "dotenv"
import { ConfigProvider } from "effect"

/** The environment first, then the repository's `.env` file (if any) as a fallback. */
export const configProvider = (envFile = resolve(import.meta.dirname, "../../../.env")) => {
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {}
  return ConfigProvider.fromEnv().pipe(
    ConfigProvider.orElse(() => ConfigProvider.fromMap(new Map(Object.entries(fromFile))))
  )
}
