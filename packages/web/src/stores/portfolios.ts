import type { Currency, Portfolio, PortfolioId, PortfolioScope } from "@trading-app/domain"
import { useEffect } from "react"
import { create } from "zustand"
import { persist } from "zustand/middleware"
import { api, call } from "../api/client.js"
import { useSession } from "./session.js"

interface PortfoliosState {
  readonly items: ReadonlyArray<Portfolio> | null
  /** The portfolio the dashboard shows, or all of them (the default); kept across reloads. */
  readonly selectedId: PortfolioScope | null
  /** The currency all portfolios together are shown in (null: the oldest portfolio's). */
  readonly currency: Currency | null
  readonly load: () => Promise<void>
  readonly select: (id: PortfolioScope) => void
  readonly setCurrency: (currency: Currency | null) => void
}

/** The user's portfolios, loaded once and shared by every page that offers a choice of them. */
export const usePortfolios = create<PortfoliosState>()(
  persist(
    (set, get) => ({
      items: null,
      selectedId: null,
      currency: null,
      load: async () => {
        const { items } = await call(api.portfolios.list())
        const selected = get().selectedId
        set({
          items,
          selectedId: items.some((p) => p.id === selected) ? selected : "all"
        })
      },
      select: (id) => set({ selectedId: id }),
      setCurrency: (currency) => set({ currency })
    }),
    {
      name: "trading-app.portfolio",
      version: 1,
      partialize: (s) => ({ selectedId: s.selectedId, currency: s.currency })
    }
  )
)

/**
 * The portfolios for a page that offers a choice of them, loaded on first use (null until then,
 * or while a load fails: the dashboard says why).
 */
export const usePortfolioList = () => {
  const items = usePortfolios((s) => s.items)
  const load = usePortfolios((s) => s.load)
  useEffect(() => {
    if (items === null) load().catch(() => {})
  }, [items, load])
  return items
}

export const portfolioName = (items: ReadonlyArray<Portfolio> | null, id: PortfolioId): string =>
  items?.find((p) => p.id === id)?.name ?? "—"

// Another user's portfolios never show: forgotten when the signed-in user signs out or changes.
useSession.subscribe((now, before) => {
  if (before.user !== null && now.user?.id !== before.user.id)
    usePortfolios.setState({ items: null, selectedId: null, currency: null })
})
