import { useDebouncedValue } from "@mantine/hooks"
import { api } from "../api/client.js"
import { useApi } from "./useApi.js"

/** Instruments whose symbol or name contains the text, searched once typing pauses. */
export const useInstrumentSearch = (text: string, limit: number, enabled = true) => {
  const [query] = useDebouncedValue(text.trim(), 200)
  return useApi(
    () => api.market.instruments({ urlParams: { ...(query ? { q: query } : {}), limit } }),
    [query, limit],
    { enabled }
  )
}
