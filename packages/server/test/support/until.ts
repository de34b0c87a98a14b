/**
 * Polls `get` until it gives something, or fails after `ms` naming what it waited for. The
 * deadline is generous: what is awaited is often a job or a tick on a busy two-core machine
 * running several test files at once, and a passing wait ends as soon as the thing is there.
 */
export const until = async <A>(what: string, get: () => Promise<A | undefined>, ms = 30_000) => {
  const deadline = Date.now() + ms
  for (;;) {
    const found = await get()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
