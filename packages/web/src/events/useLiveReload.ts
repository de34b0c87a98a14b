import { useEffect, useRef } from "react"
import { type Topic, useEvents } from "./store.js"

/** How often a page reloads its figures while prices tick. */
export const PRICE_RELOAD_MS = 5000

/**
 * Calls `reload` when a live change touches one of `topics`, at most once per `minGapMs`
 * (prices tick often; a page reloads its figures at a calm pace).
 */
export const useLiveReload = (reload: () => void, topics: ReadonlyArray<Topic>, minGapMs = 0) => {
  const revision = useEvents((s) => topics.reduce((sum, t) => sum + s.revisions[t], 0))
  const first = useRef(revision)
  const last = useRef(0)
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const reloadRef = useRef(reload)
  reloadRef.current = reload

  useEffect(() => {
    if (revision === first.current) return
    const wait = last.current + minGapMs - Date.now()
    const run = () => {
      pending.current = undefined
      last.current = Date.now()
      reloadRef.current()
    }
    if (wait <= 0) run()
    else if (pending.current === undefined) pending.current = setTimeout(run, wait)
  }, [revision, minGapMs])

  useEffect(() => () => clearTimeout(pending.current), [])
}
