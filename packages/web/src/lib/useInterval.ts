import { useEffect, useRef } from "react"

/** Calls `tick` every `ms` while the page is visible (hidden tabs do not poll). */
export const useInterval = (tick: () => void, ms: number): void => {
  const latest = useRef(tick)
  latest.current = tick
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible") latest.current()
    }, ms)
    return () => clearInterval(id)
  }, [ms])
}
