import { type DependencyList, useCallback, useEffect, useState } from "react"
import { messageOf } from "../api/problem.js"
import { notify } from "./notify.js"

export interface PageOf<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: string | null
  /** How many rows match, where the list counts them (on its first page). */
  readonly total?: number | null
}

/**
 * A keyset-paged list: the first page whenever `deps` change or `reload` is called (a newer
 * load cancels an older one), and `loadMore` for the next. `setRows` changes rows in place
 * (an optimistic delete, an edit). `total` is the first page's count, when the list gives one.
 */
export const usePagedList = <A>(
  fetchPage: (cursor: string | undefined, signal?: AbortSignal) => Promise<PageOf<A>>,
  deps: DependencyList
) => {
  const [rows, setRows] = useState<ReadonlyArray<A>>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [total, setTotal] = useState<number | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's; generation asks for a reload
  useEffect(() => {
    const controller = new AbortController()
    setLoading(true)
    fetchPage(undefined, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return
        setRows(page.items)
        setNextCursor(page.nextCursor)
        setTotal(page.total ?? null)
        setError(null)
        setLoading(false)
      },
      (e: unknown) => {
        if (controller.signal.aborted) return
        setError(e instanceof Error ? e.message : messageOf(e))
        setLoading(false)
      }
    )
    return () => controller.abort()
  }, [...deps, generation])

  const loadMore = async () => {
    if (nextCursor === null) return
    setLoading(true)
    try {
      const page = await fetchPage(nextCursor)
      setRows((r) => [...r, ...page.items])
      setNextCursor(page.nextCursor)
    } catch (e) {
      notify({ color: "red", title: "Could not load more", message: messageOf(e) })
    } finally {
      setLoading(false)
    }
  }

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { rows, setRows, total, setTotal, nextCursor, loading, error, loadMore, reload }
}
