import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { parse } from "dotenv"
import { ConfigProvider } from "effect"
import { projectRoot } from "./Paths.js"

// An empty value (`NAME=` in .env.example style files) means "not set", not "set to nothing".
const nonEmpty = (vars: Record<string, string | undefined>) =>
  new Map(
    Object.entries(vars).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""
    )
  )

/** The environment first, then the repository's `.env` file (if any) as a fallback. */
export const configProvider = (envFile = join(projectRoot(), ".env")) => {
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {}
  return ConfigProvider.fromMap(nonEmpty(process.env)).pipe(
    ConfigProvider.orElse(() => ConfigProvider.fromMap(nonEmpty(fromFile)))
  )
}
