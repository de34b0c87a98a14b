import type { Effect } from "effect"
import { type DependencyList, useCallback, useEffect, useRef, useState } from "react"
import { call } from "../api/client.js"
import { ApiProblem, messageOf } from "../api/problem.js"

export interface ApiState<A> {
  readonly data: A | undefined
  readonly error: ApiProblem | undefined
  readonly loading: boolean
  /** Loads again; the previous data stays on screen meanwhile. */
  readonly reload: () => void
}

/**
 * Loads the answer of a typed-client call and keeps it current with `deps`. A newer load cancels
 * an older one, so a slow answer never overwrites a fresher one. `enabled: false` skips loading;
 * `keepPrevious: false` clears the data when `deps` change (a reload always keeps it).
 */
export const useApi = <A, E>(
  request: () => Effect.Effect<A, E>,
  deps: DependencyList,
  options: { readonly enabled?: boolean; readonly keepPrevious?: boolean } = {}
): ApiState<A> => {
  const enabled = options.enabled ?? true
  const [data, setData] = useState<A | undefined>(undefined)
  const [error, setError] = useState<ApiProblem | undefined>(undefined)
  const [loading, setLoading] = useState(enabled)
  const [generation, setGeneration] = useState(0)
  const requestRef = useRef(request)
  requestRef.current = request

  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's
  useEffect(() => {
    if (options.keepPrevious === false) setData(undefined)
  }, [...deps])

  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's
  useEffect(() => {
    if (!enabled) {
      setLoading(false)
      return
    }
    const controller = new AbortController()
    setLoading(true)
    call(requestRef.current(), controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (e: unknown) => {
        if (controller.signal.aborted) return
        setError(e instanceof ApiProblem ? e : new ApiProblem("Unexpected", messageOf(e)))
        setLoading(false)
      }
    )
    return () => controller.abort()
  }, [...deps, enabled, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { data, error, loading, reload }
}
