/** Polls `get` until it gives something, or fails after `ms` naming what it waited for. */
export const until = async <A>(what: string, get: () => Promise<A | undefined>, ms = 10_000) => {
  const deadline = Date.now() + ms
  for (;;) {
    const found = await get()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
