import { randomBytes } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/** Passwords and keys of the embedded default, generated once and kept in its data folder. */
export interface DevSecrets {
  readonly superuserPassword: string
  readonly ownerPassword: string
  readonly appPassword: string
  readonly pipelinePassword: string
  readonly jwtSecret: string
  readonly secretsKey: string
}

const generate = (): DevSecrets => ({
  superuserPassword: randomBytes(18).toString("base64url"),
  ownerPassword: randomBytes(18).toString("base64url"),
  appPassword: randomBytes(18).toString("base64url"),
  pipelinePassword: randomBytes(18).toString("base64url"),
  jwtSecret: randomBytes(48).toString("base64url"),
  secretsKey: randomBytes(32).toString("base64")
})

export const loadOrCreateDevSecrets = (dataDir: string): DevSecrets => {
  const file = join(dataDir, "dev-secrets.json")
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Partial<DevSecrets>)
    : {}
  // Secrets added by later versions are generated alongside the ones already kept.
  const secrets = { ...generate(), ...kept }
  if (Object.keys(kept).length === Object.keys(secrets).length) return secrets
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}
