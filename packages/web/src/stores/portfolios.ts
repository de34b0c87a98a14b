import type { Portfolio, PortfolioId } from "@trading-app/domain"
import { create } from "zustand"
import { persist } from "zustand/middleware"
import { api, call } from "../api/client.js"
import { useSession } from "./session.js"

interface PortfoliosState {
  readonly items: ReadonlyArray<Portfolio> | null
  /** The portfolio the dashboard shows; kept across reloads. */
  readonly selectedId: PortfolioId | null
  readonly load: () => Promise<void>
  readonly select: (id: PortfolioId) => void
}

/** The user's portfolios, loaded once and shared by every page that offers a choice of them. */
export const usePortfolios = create<PortfoliosState>()(
  persist(
    (set, get) => ({
      items: null,
      selectedId: null,
      load: async () => {
        const { items } = await call(api.portfolios.list())
        const selected = get().selectedId
        set({
          items,
          selectedId: items.some((p) => p.id === selected) ? selected : (items[0]?.id ?? null)
        })
      },
      select: (id) => set({ selectedId: id })
    }),
    { name: "trading-app.portfolio", version: 1, partialize: (s) => ({ selectedId: s.selectedId }) }
  )
)

export const portfolioName = (items: ReadonlyArray<Portfolio> | null, id: PortfolioId): string =>
  items?.find((p) => p.id === id)?.name ?? "—"

// Another user's portfolios never show: forgotten when the signed-in user signs out or changes.
useSession.subscribe((now, before) => {
  if (before.user !== null && now.user?.id !== before.user.id)
    usePortfolios.setState({ items: null, selectedId: null })
})
