import { existsSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import { parse } from "dotenv"
import { ConfigProvider } from "effect"

// An empty value (`NAME=` in .env.example style files) means "not set", not "set to nothing".
const nonEmpty = (vars: Record<string, string | undefined>) =>
  new Map(Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""))

/** The environment first, then the repository's `.env` file (if any) as a fallback. */
export const configProvider = (envFile = resolve(import.meta.dirname, "../../../.env")) => {
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {}
  return ConfigProvider.fromMap(nonEmpty(process.env)).pipe(
    ConfigProvider.orElse(() => ConfigProvider.fromMap(nonEmpty(fromFile)))
  )
}
