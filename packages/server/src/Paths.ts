import { existsSync } from "node:fs"
import { dirname, join } from "node:path"

/**
 * The nearest ancestor of this module (source or bundle) that holds `name`: the same lookup works
 * from src/, from a bundled dist/ and inside a container image.
 */
export const findUp = (name: string, from: string = import.meta.dirname): string | undefined => {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, name))) return join(dir, name)
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** The repository (or image) root: where pnpm-workspace.yaml or the migrations folder lives. */
export const projectRoot = (): string => {
  const marker = findUp("migrations")
  if (marker === undefined) throw new Error(`No migrations folder above ${import.meta.dirname}`)
  return dirname(marker)
}
