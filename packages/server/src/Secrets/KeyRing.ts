/** Bytes of a master key and of a data key (AES-256). */
export const KEY_BYTES = 32

/** One master key of the ring, by its id. */
export interface MasterKey {
  readonly id: string
  readonly key: Buffer
}

/** `id:base64` entries, comma-separated, the current one first (see .env.example). */
export const parseKeyRing = (text: string): ReadonlyArray<MasterKey> | string => {
  const keys: Array<MasterKey> = []
  for (const entry of text.split(",").map((e) => e.trim())) {
    const match = /^([a-z0-9-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(entry)
    if (match === null)
      return `"${entry.split(":")[0]}…" is not id:base64 (an id of a-z, 0-9 and -)`
    const key = Buffer.from(match[2] as string, "base64")
    if (key.length !== KEY_BYTES) return `the key ${match[1]} is not ${KEY_BYTES} bytes`
    if (keys.some((k) => k.id === match[1])) return `the key id ${match[1]} is given twice`
    keys.push({ id: match[1] as string, key })
  }
  return keys.length === 0 ? "no key is given" : keys
}
